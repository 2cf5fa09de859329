package io.modelgate.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once a policy snapshot is loaded: that, not database reachability, is what serving needs. */
@Readiness
@ApplicationScoped
public class PolicyReadinessCheck implements HealthCheck {

    private final ActivePolicy activePolicy;
    private final PolicyVersionWatcher watcher;

    PolicyReadinessCheck(ActivePolicy activePolicy, PolicyVersionWatcher watcher) {
        this.activePolicy = activePolicy;
        this.watcher = watcher;
    }

    @Override
    public HealthCheckResponse call() {
        if (!activePolicy.isLoaded()) {
            return HealthCheckResponse.named("policy-snapshot").down().build();
        }
        PolicySnapshot snapshot = activePolicy.snapshot();
        return HealthCheckResponse.named("policy-snapshot").up()
                .withData("version", snapshot.version())
                .withData("models", snapshot.access().models().size())
                .withData("loadedAt", snapshot.loadedAt().toString())
                // reported, never a reason to stop serving: the snapshot is what traffic needs
                .withData("policyStore", watcher.storeReachable() ? "reachable" : "unreachable")
                .build();
    }
}
