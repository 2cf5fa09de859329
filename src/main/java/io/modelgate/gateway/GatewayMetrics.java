package io.modelgate.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import io.modelgate.usage.TokenUsage;
import io.modelgate.usage.UsageRecord;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The data plane's own metrics, low-cardinality by construction: a model tag only ever names a model of
 * the policy (anything else a caller typed is {@code other}), a role tag names the gateway role whose
 * permission let the call through ({@code none} when refused), and no tag carries a subject or token.
 * Meters are looked up in a local map so the hot path does not rebuild tag sets.
 */
@Singleton
public class GatewayMetrics implements UsageRecord.Sink {

    private final MeterRegistry registry;
    private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
    private final Map<Pair, Timer> latencies = new ConcurrentHashMap<>();
    private final Map<Pair, Timer> upstream = new ConcurrentHashMap<>();
    private final Map<TokenKey, Counter> tokens = new ConcurrentHashMap<>();
    private final Map<Pair, Counter> costs = new ConcurrentHashMap<>();

    /** Look-up keys: a record per request costs less than concatenating and hashing the tag values. */
    private record RequestKey(String endpoint, String model, String role, int status) {
    }

    private record Pair(String first, String second) {
    }

    private record TokenKey(String model, String role, String kind) {
    }

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void accept(List<UsageRecord> batch) {
        for (UsageRecord call : batch) {
            request(call.endpoint(), call.model(), call.role(), call.status(), call.durationNanos());
            TokenUsage usage = call.usage();
            if (usage != null) {
                tokens(call.model(), call.role(), "input", usage.input());
                tokens(call.model(), call.role(), "cached_input", usage.cachedInput());
                tokens(call.model(), call.role(), "cache_write_input", usage.cacheWriteInput());
                tokens(call.model(), call.role(), "output", usage.output());
                tokens(call.model(), call.role(), "reasoning", usage.reasoning());
            }
            if (call.costUsd() > 0) {
                costs.computeIfAbsent(new Pair(call.model(), call.role()), k -> Counter.builder("modelgate.cost.usd")
                        .description("What calls cost at their deployments' prices, in US dollars, by model and the role credited")
                        .tag("model", call.model()).tag("role", call.role()).register(registry)).increment(call.costUsd());
            }
        }
    }

    private void tokens(String model, String role, String kind, long count) {
        if (count > 0) {
            tokens.computeIfAbsent(new TokenKey(model, role, kind), k -> Counter.builder("modelgate.tokens")
                    .description("Tokens the upstreams reported, by model, the role credited and kind (input includes cached_input "
                            + "and cache_write_input, output includes reasoning)")
                    .tag("model", model).tag("role", role).tag("kind", kind).register(registry)).increment(count);
        }
    }

    /** One finished data-plane request. */
    void request(String endpoint, String model, String role, int status, long durationNanos) {
        requests.computeIfAbsent(new RequestKey(endpoint, model, role, status), k -> Counter.builder("modelgate.requests")
                .description("Data-plane requests by endpoint, model, the gateway role that permitted them, and status")
                .tag("endpoint", endpoint).tag("model", model).tag("role", role).tag("status", Integer.toString(status))
                .register(registry)).increment();
        latencies.computeIfAbsent(new Pair(endpoint, model), k -> Timer.builder("modelgate.request.duration")
                .description("Time from request to the end of the response, streams included")
                .tag("endpoint", endpoint).tag("model", model).publishPercentileHistogram()
                .register(registry)).record(durationNanos, TimeUnit.NANOSECONDS);
    }

    /** Time until an upstream's response head arrived. */
    public void upstreamLatency(String model, String deployment, long nanos) {
        upstream.computeIfAbsent(new Pair(model, deployment), k -> Timer.builder("modelgate.upstream.duration")
                .description("Time until an upstream's response head arrived, by model and deployment")
                .tag("model", model).tag("deployment", deployment).serviceLevelObjectives(GenAiMetrics.DURATION_BUCKETS)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
