package io.modelgate.snapshot;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * Listens on the {@code modelgate_policy} channel that every committed policy change notifies (see the
 * {@code bump_policy_version} trigger), on a dedicated connection outside the pool, and reloads the
 * snapshot at once — so replicas follow a change within a second. The connection is re-established
 * with capped backoff; {@link PolicyVersionWatcher}'s periodic check stays as the safety net.
 */
@ApplicationScoped
public class PolicyChangeListener {

    private static final Logger LOG = Logger.getLogger(PolicyChangeListener.class);
    private static final String CHANNEL = "modelgate_policy";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final PolicyVersionWatcher watcher;
    private final PolicyConfig config;
    private final String url;
    private final String user;
    private final String password;
    private volatile boolean running;
    private Thread thread;

    PolicyChangeListener(PolicyVersionWatcher watcher, PolicyConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.watcher = watcher;
        this.config = config;
        this.url = url;
        this.user = user.orElse(null);
        this.password = password.orElse("");
    }

    void start(@Observes @Priority(3100) StartupEvent event) {
        if (!config.listen()) {
            return;
        }
        running = true;
        thread = new Thread(this::listen, "modelgate-policy-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void listen() {
        Duration backoff = Duration.ofSeconds(1);
        boolean warned = false;
        while (running) {
            try (Connection connection = DriverManager.getConnection(url, user, password)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (warned) {
                    LOG.info("Listening for policy changes again");
                    warned = false;
                }
                backoff = Duration.ofSeconds(1);
                watcher.checkNow(); // catch up with whatever changed while not listening
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        watcher.checkNow();
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                if (!warned) {
                    LOG.warnf("Not listening for policy changes (%s); retrying with backoff, version checks continue",
                            e.getMessage());
                    warned = true;
                }
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }
}
