package io.modelgate.gateway;

import io.modelgate.usage.TokenUsage;
import io.modelgate.usage.UsageRecord;
import io.vertx.ext.web.RoutingContext;

/**
 * What the data plane learns of an exchange as it goes, kept in its routing context under these keys (each step puts
 * what it established: the caller, the model, the role credited, the deployment, an error, the usage tap), and the
 * {@link UsageRecord} made of them when the exchange ends.
 */
final class CallFacts {

    static final String SUBJECT = "modelgate.call.subject";
    static final String ISSUER = "modelgate.call.issuer";
    static final String MODEL = "modelgate.call.model";
    static final String ROLE = "modelgate.call.role";
    static final String ERROR = "modelgate.call.error";
    static final String UPSTREAM = "modelgate.call.upstream";
    static final String USAGE = "modelgate.call.usage";
    static final String ADMISSION = "modelgate.call.admission";
    static final String RATE_HEADERS = "modelgate.call.rate-headers";

    private CallFacts() {
    }

    /** The record of an exchange that has just ended (or whose caller has gone). */
    static UsageRecord record(RoutingContext ctx, String endpoint, long startedNanos) {
        long duration = System.nanoTime() - startedNanos;
        UsageTap tap = ctx.get(USAGE);
        TokenUsage usage = tap == null ? null : tap.usage();
        String role = ctx.get(ROLE);
        return new UsageRecord(System.currentTimeMillis(), ctx.get(ISSUER), ctx.get(SUBJECT), role == null ? GatewayMetrics.NONE : role,
                ctx.get(MODEL, GatewayMetrics.NONE), ctx.get(UPSTREAM), endpoint, ctx.request().method().name(), ctx.request().path(),
                ctx.response().getStatusCode(), decision(ctx.get(ERROR), role, ctx.response().ended()), duration, usage,
                tap == null ? 0 : tap.cost(usage));
    }

    /**
     * What was decided: {@code allowed:<role>} when a permission let the call through, the error code when
     * the exchange ended with one, {@code aborted} when it ended before a complete answer.
     */
    static String decision(String error, String grantedBy, boolean answered) {
        if (error != null) {
            return error;
        }
        if (!answered) {
            return "aborted";
        }
        return grantedBy == null ? "allowed" : "allowed:" + grantedBy;
    }
}
