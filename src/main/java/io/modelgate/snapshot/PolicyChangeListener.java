package io.modelgate.snapshot;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Listens on the {@code modelgate_policy} channel that every committed policy change notifies (see the
 * {@code bump_policy_version} trigger) and reloads the snapshot at once — so replicas follow a change within a
 * second. LISTEN is PostgreSQL's own, beyond the ORM: this is the one place that speaks it, on a connection of the
 * datasource's pool that it keeps for as long as it listens (the pool's size allows for it). The connection is
 * re-established with capped backoff; {@link PolicyVersionWatcher}'s periodic check stays as the safety net.
 */
@ApplicationScoped
public class PolicyChangeListener {

    private static final Logger LOG = Logger.getLogger(PolicyChangeListener.class);
    private static final String CHANNEL = "modelgate_policy";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /**
     * How long one wait for notifications lasts: at most this late does the listener see it should stop, and so this
     * much it may add to a graceful shutdown (the wait is a socket read, which an interrupt does not end).
     */
    private static final Duration POLL = Duration.ofMillis(50);

    private final PolicyVersionWatcher watcher;
    private final PolicyConfig config;
    private final AgroalDataSource dataSource;
    private volatile boolean running;
    private Thread thread;

    PolicyChangeListener(PolicyVersionWatcher watcher, PolicyConfig config, AgroalDataSource dataSource) {
        this.watcher = watcher;
        this.config = config;
        this.dataSource = dataSource;
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

    /** Returns the connection before the pool closes (which would find it still in use). */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(2 * POLL.toMillis());
        }
    }

    private void listen() {
        Duration backoff = Duration.ofSeconds(1);
        boolean warned = false;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
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
                    PGNotification[] notifications = postgres.getNotifications((int) POLL.toMillis());
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
