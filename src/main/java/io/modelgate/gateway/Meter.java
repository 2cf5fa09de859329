package io.modelgate.gateway;

import io.modelgate.error.ErrorKind;
import io.modelgate.identity.Caller;
import io.modelgate.inspect.Endpoint;
import io.modelgate.policy.ApiFamily;
import io.modelgate.upstream.UpstreamResponse;
import io.modelgate.usage.TokenUsage;
import io.modelgate.usage.UsageConfig;
import io.modelgate.usage.UsageRecord;
import io.modelgate.usage.UsageRecords;
import io.vertx.core.http.HttpHeaders;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The meter stage: it watches an answer for the usage it reports, and when the call ends — answered, refused, or left
 * by its caller — it releases the call's limits with what it used and hands its one {@link UsageRecord} off the event
 * loop to every sink (metrics, access log, usage aggregates).
 */
@Singleton
final class Meter {

    /** The model label of a call that named none, and the role of one that no permission let through. */
    static final String NONE = "none";
    /** The model label of a call that named a model the policy does not have, so callers cannot add series. */
    static final String OTHER = "other";

    /** The operations that call a model: every endpoint but those reaching a stored response (the model list and /v1/me are none). */
    private static final Set<String> MODEL_OPERATIONS = Arrays.stream(Endpoint.values()).filter(endpoint -> !endpoint.storedResponse())
            .map(Endpoint::metricName).collect(Collectors.toUnmodifiableSet());

    /** The operations that count a prompt's tokens ({@code count_tokens}, {@code input_tokens}): model calls that use none. */
    private static final Set<String> TOKEN_COUNTS = Set.of(Endpoint.MESSAGES_COUNT_TOKENS.metricName(), Endpoint.RESPONSES_INPUT_TOKENS.metricName());

    private final Consumer<UsageRecord> records;
    private final boolean metering;

    @Inject
    Meter(UsageRecords records, UsageConfig config) {
        this(records::publish, config.enabled());
    }

    Meter(Consumer<UsageRecord> records, boolean metering) {
        this.records = records;
        this.metering = metering;
    }

    /** Whether usage is read from answers at all ({@code modelgate.usage.enabled}). */
    boolean metering() {
        return metering;
    }

    /**
     * Reads the usage of the answer, if metering is on and the answer can report one (a successful JSON or event-stream
     * answer; an error, an audio file or a plain-text transcript reports none), keeping the watch on the call.
     */
    AnswerWatches usage(Call call, ApiFamily family, boolean removeRequestedUsage) {
        if (!metering) {
            return AnswerWatches.NONE;
        }
        return (deployment, response) -> {
            String type = response.headers().get(HttpHeaders.CONTENT_TYPE);
            boolean events = UpstreamResponse.isEventStream(type); // the type is read once, for the JSON check too
            if (response.status() / 100 != 2 || type == null || !events && !type.startsWith("application/json")) {
                return AnswerWatch.PASS_THROUGH;
            }
            UsageWatch watch = new UsageWatch(family, events, removeRequestedUsage, deployment.prices(), call.trace != null && call.trace.recording());
            call.watchesUsage(watch);
            return watch;
        };
    }

    /** The call is over: its limits released and charged, its record handed on. */
    void ended(Call call) {
        UsageRecord record = record(call, System.nanoTime());
        if (call.trace != null && call.trace.recording() && call.usage() != null) {
            CallSpans.finishReasons(call.trace, call.usage().finishReasons());
        }
        if (call.admission() != null) {
            call.admission().finish(record.usage() == null ? 0 : record.usage().total(), record.costUsd());
        }
        records.accept(record);
    }

    /** The record of a call that has just ended (or whose caller has gone). */
    static UsageRecord record(Call call, long endedNanos) {
        UsageWatch watch = call.usage();
        TokenUsage usage = watch == null ? null : watch.usage();
        if (usage == null && TOKEN_COUNTS.contains(call.operation) && call.response().getStatusCode() / 100 == 2) {
            usage = TokenUsage.ZERO; // a counted prompt uses no tokens: its answer has no usage to report, nor is any unknown
        }
        Caller caller = call.caller();
        String role = call.grantedBy();
        return new UsageRecord(System.currentTimeMillis(), caller == null ? null : caller.issuer(), caller == null ? null : caller.subject(),
                role == null ? NONE : role, MODEL_OPERATIONS.contains(call.operation) && !NONE.equals(call.modelLabel()), call.modelLabel(),
                call.answeredBy() == null ? null : call.answeredBy().label(), call.operation,
                call.request().method().name(), call.request().path(), call.response().getStatusCode(),
                decision(call.error(), role, call.response().ended()), endedNanos - call.startedNanos, usage,
                watch == null ? 0 : watch.cost(usage), call.translatedTo(), call.omitted(), call.asked() != null && call.asked().stream(),
                call.firstAnswerNanos() == 0 ? 0 : call.firstAnswerNanos() - call.startedNanos, call.trace);
    }

    /**
     * What was decided: {@code allowed:<role>} when a permission let the call through, the error code when the call
     * ended with one, {@code aborted} when it ended before a complete answer.
     */
    static String decision(ErrorKind error, String grantedBy, boolean answered) {
        if (error != null) {
            return error.code();
        }
        if (!answered) {
            return "aborted";
        }
        return grantedBy == null ? "allowed" : "allowed:" + grantedBy;
    }
}
