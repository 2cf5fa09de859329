package io.modelgate.control;

import io.modelgate.litellm.LiteLlmFormat;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.secret.SecretRules;
import io.modelgate.snapshot.ActivePolicy;
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
 * At start-up: reads the bootstrap LiteLLM config (a bad file stops start-up), imports it when the database
 * holds no policy yet — the audit log's first event — then loads the first snapshot. Runs after Flyway has
 * migrated. A file takes secrets as references only.
 */
@ApplicationScoped
public class PolicyBootstrap {

    private static final Logger LOG = Logger.getLogger(PolicyBootstrap.class);
    private static final String CLASSPATH_PREFIX = "classpath:";

    private final BootstrapConfig config;
    private final LiteLlmFormat format;
    private final PolicyService service;
    private final ActivePolicy activePolicy;

    PolicyBootstrap(BootstrapConfig config, LiteLlmFormat format, PolicyService service, ActivePolicy activePolicy) {
        this.config = config;
        this.format = format;
        this.service = service;
        this.activePolicy = activePolicy;
    }

    void onStart(@Observes StartupEvent event) {
        config.litellmConfig().ifPresent(this::importIfEmpty);
        activePolicy.reload();
    }

    private void importIfEmpty(String location) {
        LiteLlmFormat.Imported imported;
        try {
            imported = format.read(read(location), SecretRules.REFERENCES_ONLY);
        } catch (PolicyValidationException e) {
            throw new BootstrapException("Bootstrap config " + location + " (modelgate.bootstrap.litellm-config) is invalid: "
                    + e.getMessage());
        }
        if (!imported.ignoredKeys().isEmpty()) {
            LOG.infof("Bootstrap config %s: keys Modelgate does not use were ignored: %s", location, String.join(", ", imported.ignoredKeys()));
        }
        if (service.bootstrap(location, imported)) {
            LOG.infof("Imported bootstrap policy from %s: %d models", location, imported.document().models().size());
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
