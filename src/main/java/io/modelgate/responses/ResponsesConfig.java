package io.modelgate.responses;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How long the gateway remembers where stored Responses API answers live, and the conversations it keeps itself for
 * translated calls ({@code modelgate.responses.*}).
 */
@ConfigMapping(prefix = "modelgate.responses")
public interface ResponsesConfig {

    /** How long a stored response stays reachable; OpenAI keeps them 30 days. */
    @WithDefault("30d")
    Duration retention();

    /** Entries each replica keeps in memory, so its own callers' chains never wait for the database. */
    @WithDefault("100000")
    int cacheEntries();

    /**
     * Memory each replica gives the conversations it keeps for translated calls (their recent turns), so a chain
     * continued on the replica that answered it never waits for the database.
     */
    @WithDefault("64M")
    MemorySize keptCacheSize();

    /** How often expired records are deleted. */
    @WithDefault("1h")
    Duration pruneInterval();

    /**
     * How long a replica that finds no record of a response id waits before asking the database once more: the
     * record of a response just created through another replica reaches the database in that replica's next batch
     * (milliseconds later). An id still unknown then is answered 404.
     */
    @WithDefault("250ms")
    Duration recordWait();
}
