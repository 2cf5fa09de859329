package io.modelgate.snapshot;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * The policy snapshot a replica serves, as gauges: its version (replicas that disagree for long are not
 * receiving change notices), how long ago that version was committed, and how long ago it was loaded.
 * NaN until a snapshot is loaded.
 */
@Startup
@ApplicationScoped
public class PolicyMetrics {

    PolicyMetrics(MeterRegistry registry, ActivePolicy policy) {
        gauge(registry, policy, "modelgate.policy.version", "Version of the policy snapshot in force", s -> s.version());
        gauge(registry, policy, "modelgate.policy.age.seconds", "Seconds since the policy version in force was committed",
                s -> secondsSince(s.changedAt()));
        gauge(registry, policy, "modelgate.policy.loaded.age.seconds", "Seconds since this replica loaded the policy in force",
                s -> secondsSince(s.loadedAt()));
    }

    private static void gauge(MeterRegistry registry, ActivePolicy policy, String name, String description,
            ToDoubleFunction<PolicySnapshot> value) {
        Gauge.builder(name, policy, p -> p.isLoaded() ? value.applyAsDouble(p.snapshot()) : Double.NaN)
                .description(description).register(registry);
    }

    private static double secondsSince(Instant at) {
        return Duration.between(at, Instant.now()).toMillis() / 1000.0;
    }
}
