package io.modelgate.gateway;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.modelgate.usage.TokenUsage;
import io.modelgate.usage.UsageRecord;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The model calls' histograms, named as the OpenTelemetry GenAI semantic conventions name them and bucketed as they
 * advise (durations from 10 ms to 11 minutes, time to first token from 1 ms, tokens from 1 to 64 M): request duration
 * by outcome, time to first token and time per output token of streams, tokens per call. Labels are the gateway's low
 * ones — {@code model} (a model of the policy, or {@code other}), {@code role}, {@code api} (the endpoint's metric name)
 * and {@code outcome} ({@code ok}, {@code upstream_error}, {@code aborted} or the refusal's error code) — never a
 * subject. Calls that are not model calls (the model list, {@code /v1/me}, a stored response) are not here.
 */
@Singleton
final class GenAiMetrics implements UsageRecord.Sink {

    static final String REQUEST_DURATION = "gen_ai.server.request.duration";
    static final String TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";
    static final String TIME_PER_OUTPUT_TOKEN = "gen_ai.server.time_per_output_token";
    static final String TOKEN_USAGE = "gen_ai.client.token.usage";

    /** Durations of model calls and of their upstream parts: 10 ms to 11 minutes. */
    static final Duration[] DURATION_BUCKETS = seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48,
            40.96, 81.92, 163.84, 327.68, 655.36);
    private static final Duration[] FIRST_TOKEN_BUCKETS = seconds(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1,
            2.5, 5, 7.5, 10, 30, 60);
    private static final Duration[] PER_TOKEN_BUCKETS = seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3,
            0.4, 0.5, 0.75, 1, 2.5);
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216,
            67108864};

    private record Key(String name, String model, String role, String api, String extra) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    private final Map<Key, DistributionSummary> tokens = new ConcurrentHashMap<>();

    GenAiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void accept(List<UsageRecord> batch) {
        for (UsageRecord call : batch) {
            if (!call.modelCall()) {
                continue;
            }
            String outcome = call.outcome();
            timer(REQUEST_DURATION, "Time from a model call's arrival to the end of its answer, streams included", DURATION_BUCKETS,
                    new Key(REQUEST_DURATION, call.model(), call.role(), call.endpoint(), outcome))
                    .record(call.durationNanos(), TimeUnit.NANOSECONDS);
            if (!"ok".equals(outcome)) {
                continue;
            }
            if (call.stream() && call.firstAnswerNanos() > 0) {
                timer(TIME_TO_FIRST_TOKEN, "Time from a streamed model call's arrival to its first answer bytes leaving the gateway",
                        FIRST_TOKEN_BUCKETS, new Key(TIME_TO_FIRST_TOKEN, call.model(), call.role(), call.endpoint(), null))
                        .record(call.firstAnswerNanos(), TimeUnit.NANOSECONDS);
            }
            TokenUsage usage = call.usage();
            if (usage == null || usage.total() == 0) { // no usage reported, or a token count, which uses none
                continue;
            }
            tokens(call, "input").record(usage.input());
            tokens(call, "output").record(usage.output());
            if (call.stream() && call.firstAnswerNanos() > 0 && usage.output() > 1) {
                timer(TIME_PER_OUTPUT_TOKEN, "Time per output token after the first, of streamed model calls", PER_TOKEN_BUCKETS,
                        new Key(TIME_PER_OUTPUT_TOKEN, call.model(), call.role(), call.endpoint(), null))
                        .record((call.durationNanos() - call.firstAnswerNanos()) / (usage.output() - 1), TimeUnit.NANOSECONDS);
            }
        }
    }

    private Timer timer(String name, String description, Duration[] buckets, Key key) {
        return timers.computeIfAbsent(key, k -> {
            Timer.Builder timer = Timer.builder(name).description(description).serviceLevelObjectives(buckets)
                    .tag("model", k.model()).tag("role", k.role()).tag("api", k.api());
            return (k.extra() == null ? timer : timer.tag("outcome", k.extra())).register(registry);
        });
    }

    private DistributionSummary tokens(UsageRecord call, String type) {
        return tokens.computeIfAbsent(new Key(TOKEN_USAGE, call.model(), call.role(), call.endpoint(), type), k -> DistributionSummary
                .builder(TOKEN_USAGE).description("Tokens per model call, by type (input includes cached input, output includes reasoning)")
                .baseUnit("tokens").serviceLevelObjectives(TOKEN_BUCKETS)
                .tag("model", k.model()).tag("role", k.role()).tag("api", k.api()).tag("type", k.extra()).register(registry));
    }

    private static Duration[] seconds(double... seconds) {
        return Arrays.stream(seconds).mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
    }
}
