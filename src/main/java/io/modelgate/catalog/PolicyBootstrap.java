package io.modelgate.catalog;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * At start-up: reads the bootstrap LiteLLM config (a bad file stops start-up), imports it when the
 * database holds no policy yet, then loads the first snapshot. Runs after Flyway has migrated.
 */
@ApplicationScoped
public class PolicyBootstrap {

    private static final Logger LOG = Logger.getLogger(PolicyBootstrap.class);
    private static final String CLASSPATH_PREFIX = "classpath:";

    private final BootstrapConfig config;
    private final PolicyStore store;
    private final ActivePolicy activePolicy;

    PolicyBootstrap(BootstrapConfig config, PolicyStore store, ActivePolicy activePolicy) {
        this.config = config;
        this.store = store;
        this.activePolicy = activePolicy;
    }

    void onStart(@Observes StartupEvent event) {
        config.litellmConfig().ifPresent(this::importIfEmpty);
        activePolicy.reload();
    }

    private void importIfEmpty(String location) {
        PolicyDocument document;
        try {
            document = LiteLlmConfig.parse(read(location));
        } catch (PolicyValidationException e) {
            throw new BootstrapException("Bootstrap config " + location + " (modelgate.bootstrap.litellm-config) is invalid: "
                    + e.getMessage());
        }
        if (store.replace(document, true)) {
            LOG.infof("Imported bootstrap policy from %s: %d models", location, document.models().size());
        } else {
            LOG.infof("The database already holds a policy; bootstrap config %s was validated but not imported", location);
        }
    }

    static String read(String location) {
        try {
            if (location.startsWith(CLASSPATH_PREFIX)) {
                String resource = location.substring(CLASSPATH_PREFIX.length());
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new BootstrapException("Bootstrap config " + location + " not found on the classpath");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(location), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BootstrapException("Bootstrap config " + location + " (modelgate.bootstrap.litellm-config) does not exist");
        } catch (IOException e) {
            throw new BootstrapException("Bootstrap config " + location + " cannot be read: " + e.getMessage());
        }
    }

    /** Start-up cannot go on with this bootstrap configuration. */
    public static class BootstrapException extends RuntimeException {
        public BootstrapException(String message) {
            super(message);
        }
    }
}
