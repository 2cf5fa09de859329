package io.modelgate.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The background writer ({@code modelgate.writer.*}). */
@ConfigMapping(prefix = "modelgate.writer")
public interface WriterConfig {

    /**
     * At shutdown, how long the writer keeps trying to write what is queued while the database cannot be reached
     * (Kubernetes: keep {@code terminationGracePeriodSeconds} above shutdown delay + shutdown timeout + this).
     */
    @WithDefault("5s")
    Duration shutdownFlushTimeout();
}
