package io.modelgate.snapshot;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.modelgate.store.PolicyStore;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Compares the database's policy version with the active snapshot's on a timer and reloads when it
 * moved, so every committed change reaches the data plane whoever wrote it. The check runs on a
 * worker thread, never on the event loop, and a failure leaves the last snapshot serving.
 */
@ApplicationScoped
public class PolicyVersionWatcher {

    private static final Logger LOG = Logger.getLogger(PolicyVersionWatcher.class);

    private final Vertx vertx;
    private final PolicyStore store;
    private final ActivePolicy activePolicy;
    private final PolicyConfig config;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile boolean failing;
    private volatile Instant lastReached;
    private long timerId = -1;

    PolicyVersionWatcher(Vertx vertx, PolicyStore store, ActivePolicy activePolicy, PolicyConfig config) {
        this.vertx = vertx;
        this.store = store;
        this.activePolicy = activePolicy;
        this.config = config;
    }

    /** Starts after the bootstrap has loaded the first snapshot. */
    void start(@Observes @Priority(3000) StartupEvent event) {
        timerId = vertx.setPeriodic(config.versionCheckInterval().toMillis(), id -> {
            if (checking.compareAndSet(false, true)) {
                vertx.executeBlocking(this::checkNow, false).onComplete(done -> checking.set(false));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId != -1) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Whether the last check reached the policy store (false before the first check). */
    public boolean storeReachable() {
        return lastReached != null && !failing;
    }

    /** When a check last reached the policy store, if ever. */
    public Optional<Instant> lastReached() {
        return Optional.ofNullable(lastReached);
    }

    /** Reloads if the database holds a newer policy than the snapshot; returns whether it did. */
    public boolean checkNow() {
        try {
            boolean stale = !activePolicy.isLoaded() || store.version() != activePolicy.snapshot().version();
            if (stale) {
                activePolicy.reload();
            }
            lastReached = Instant.now();
            if (failing) {
                LOG.info("Policy store reachable again");
                failing = false;
            }
            return stale;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warnf("Policy store unreachable, serving policy version %s: %s",
                        activePolicy.isLoaded() ? activePolicy.snapshot().version() : "none", e.getMessage());
                failing = true;
            }
            return false;
        }
    }
}
