package io.modelgate.snapshot;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Whether the policy store (PostgreSQL) is reachable, from the version watcher's last check — no
 * connection is opened here. Reported at {@code /q/health/group/database}, deliberately not under
 * readiness: while the database is away the gateway keeps serving the snapshot it has (fail-static),
 * so taking replicas out of the load balancer would turn a control-plane outage into a data-plane one.
 */
@HealthGroup("database")
@ApplicationScoped
public class PolicyStoreHealthCheck implements HealthCheck {

    private final PolicyVersionWatcher watcher;

    PolicyStoreHealthCheck(PolicyVersionWatcher watcher) {
        this.watcher = watcher;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("policy-store").status(watcher.storeReachable());
        watcher.lastReached().ifPresent(at -> response.withData("lastReached", at.toString()));
        return response.build();
    }
}
