package io.modelgate.control;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** How a new database gets its first policy. */
@ConfigMapping(prefix = "modelgate.bootstrap")
public interface BootstrapConfig {

    /**
     * A LiteLLM-style config (YAML) imported when the database holds no policy yet: a file path, or
     * {@code classpath:<resource>}. The file is parsed at every start, so a bad file stops start-up
     * even when the database already holds a policy.
     */
    Optional<String> litellmConfig();
}
