package io.modelgate.snapshot;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the data plane keeps its policy snapshot current. */
@ConfigMapping(prefix = "modelgate.policy")
public interface PolicyConfig {

    /**
     * How often the policy version in the database is compared with the snapshot's; a newer version is
     * loaded and swapped in. The database being unreachable leaves the last snapshot serving.
     */
    @WithDefault("2s")
    Duration versionCheckInterval();

    /** Whether to LISTEN for the change notices the database sends on every commit (reload within a second). */
    @WithDefault("true")
    boolean listen();
}
