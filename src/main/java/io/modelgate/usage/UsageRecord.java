package io.modelgate.usage;

import io.modelgate.telemetry.CallTrace;

/**
 * One data-plane call as it ended: the single source of its metrics, its access-log line and its usage aggregates.
 * Made on the event loop from what the exchange learnt (nothing is computed but the cost), handed to
 * {@link UsageRecords}, and read off the event loop.
 *
 * @param issuer     the caller's token issuer; null before authentication
 * @param subject    the caller's {@code sub}; null before authentication
 * @param role       the gateway role whose permission let the call through; {@code none} when refused
 * @param modelCall  whether the call was for a model: an operation that names one (not the model list, {@code /v1/me}
 *                   or a stored response's retrieval) and did name one
 * @param model      a model of the policy, {@code other} for a name that is not one, {@code none} for no model
 * @param deployment the deployment that answered (its label); null when none did
 * @param endpoint   the endpoint's metric name ({@code chat}, {@code responses}, …)
 * @param decision   {@code allowed:<role>}, the error code, or {@code aborted}
 * @param usage      the tokens the upstream reported; null when it reported none (or metering is off)
 * @param costUsd    what those tokens cost at the deployment's prices
 * @param translatedTo the API path the upstream was called on when the call was translated to it; null when it was not
 * @param omitted    what a translation left out of the request (comma-separated, e.g. {@code tool:web_search}); null when nothing
 * @param stream     whether the caller asked for an event stream
 * @param firstAnswerNanos how long after its arrival the call's first answer bytes left (a stream's first token); 0 when none did
 * @param trace      the call's spans, ended from this record; null when tracing is off
 */
public record UsageRecord(long endedAtMillis, String issuer, String subject, String role, boolean modelCall, String model, String deployment,
        String endpoint, String method, String path, int status, String decision, long durationNanos, TokenUsage usage,
        double costUsd, String translatedTo, String omitted, boolean stream, long firstAnswerNanos, CallTrace trace) {

    /** Receives the records in batches, on the one thread that drains them. */
    @FunctionalInterface
    public interface Sink {
        void accept(java.util.List<UsageRecord> batch);
    }

    /** What a call came to: {@code ok}, {@code upstream_error}, {@code aborted}, or the code the gateway refused it with. */
    public String outcome() {
        if (decision.startsWith("allowed")) {
            return status >= 500 ? "upstream_error" : "ok";
        }
        return decision.startsWith("upstream_") ? "upstream_error" : decision;
    }

    /** Whether the gateway refused the call (authentication, access, limits, a request it could not take) rather than forwarding it. */
    public boolean refused() {
        return !decision.startsWith("allowed") && !decision.startsWith("upstream_") && !decision.equals("aborted");
    }

    /**
     * Whether the usage aggregates count it: a model call of an authenticated caller, refused ones included (as
     * refusals); listing models, {@code /v1/me} and stored responses are no usage.
     */
    public boolean metered() {
        return subject != null && modelCall;
    }
}
