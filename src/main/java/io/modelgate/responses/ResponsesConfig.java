package io.modelgate.responses;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long the gateway remembers where stored Responses API answers live ({@code modelgate.responses.*}). */
@ConfigMapping(prefix = "modelgate.responses")
public interface ResponsesConfig {

    /** How long a stored response stays reachable; OpenAI keeps them 30 days. */
    @WithDefault("30d")
    Duration retention();

    /** Entries each replica keeps in memory, so its own callers' chains never wait for the database. */
    @WithDefault("100000")
    int cacheEntries();

    /** How often expired records are deleted. */
    @WithDefault("1h")
    Duration pruneInterval();

    /**
     * Longest the end of a create answer waits for its record to reach the database (the record is written as soon
     * as the id is seen; a stream's id comes first, so its end never waits). Past it the answer ends anyway and the
     * record is written when the database allows; other replicas may answer 404 for the id until then.
     */
    @WithDefault("2s")
    Duration recordWait();
}
