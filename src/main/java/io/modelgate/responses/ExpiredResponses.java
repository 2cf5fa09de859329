package io.modelgate.responses;

import io.modelgate.store.DatabaseFailure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Deletes what the gateway knows of responses past their retention — the records of those upstreams keep
 * ({@link StoredResponse}) and the turns it keeps itself ({@link KeptResponse}) — every {@code prune-interval}, on a
 * worker thread. Any replica may; several at once do no harm.
 */
@Singleton
class ExpiredResponses {

    private static final Logger LOG = Logger.getLogger(ExpiredResponses.class);

    private final Vertx vertx;
    private final ResponsesConfig config;
    private final Clock clock = Clock.systemUTC();
    private long timer = -1;

    ExpiredResponses(Vertx vertx, ResponsesConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent start) {
        timer = vertx.setPeriodic(config.pruneInterval().toMillis(), id -> vertx.executeBlocking(this::prune, false));
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    Void prune() {
        try {
            long deleted = QuarkusTransaction.requiringNew().call(() -> StoredResponse.delete("expiresAt <= ?1", clock.instant())
                    + KeptResponse.delete("expiresAt <= ?1", clock.instant()));
            if (deleted > 0) {
                LOG.debugf("Pruned %d expired response records", deleted);
            }
        } catch (RuntimeException e) {
            LOG.log(DatabaseFailure.unreachable(e) ? Logger.Level.DEBUG : Logger.Level.WARN, "Could not prune expired response records", e);
        }
        return null;
    }
}
