package io.modelgate.gateway;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.identity.Caller;
import io.modelgate.limits.LimitBook;
import io.modelgate.limits.LimitExceeded;
import io.modelgate.limits.LimitRule;
import io.modelgate.limits.LimitVerdict;
import io.modelgate.limits.RateHeaders;
import io.modelgate.policy.ApiFamily;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.usage.UsageRecord;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a call meets its limits: after the access decision it is admitted (and the response carries the rate-limit
 * headers of the tightest limit, OpenAI's or Anthropic's, in place of the upstream's) or refused with a 429 in the
 * API's shape and {@code Retry-After}; when it ends it is released and charged its tokens and cost.
 */
final class LimitGate {

    private LimitGate() {
    }

    /** How long a call waits for a budget's history before it is decided on what this replica knows. */
    static final long HISTORY_WAIT_MS = 2_000;

    /**
     * Admits the call (or throws its refusal). Returns null when that is settled now; else, while a budget's spending
     * before this replica counted it is read from the stored usage, a future that settles it once that is known (or
     * after {@link #HISTORY_WAIT_MS}), so that a restart does not let a spent budget's callers through meanwhile.
     */
    static Future<Void> admit(RoutingContext ctx, LimitBook book, PolicySnapshot snapshot, Caller caller, String model, ApiFamily family) {
        List<LimitRule> candidates = snapshot.limits().of(model);
        if (candidates.isEmpty()) {
            return null; // no limit covers the model: nothing to count, and no per-call lists to allocate
        }
        LimitVerdict verdict = book.admit(candidates, caller, true);
        if (verdict instanceof LimitVerdict.HistoryPending pending) {
            return Future.fromCompletionStage(pending.read(), ctx.vertx().getOrCreateContext())
                    .timeout(HISTORY_WAIT_MS, TimeUnit.MILLISECONDS).otherwiseEmpty()
                    .map(read -> {
                        if (ctx.response().closed()) { // the caller left while it waited: nothing to count, and no one to answer
                            throw new IllegalStateException("the caller went away");
                        }
                        settle(ctx, book.admit(candidates, caller, false), book, family);
                        return null;
                    });
        }
        settle(ctx, verdict, book, family);
        return null;
    }

    private static void settle(RoutingContext ctx, LimitVerdict verdict, LimitBook book, ApiFamily family) {
        boolean anthropic = family == ApiFamily.ANTHROPIC;
        long now = book.millis(); // the book's clock, so reset times agree with what it counted
        if (verdict instanceof LimitExceeded refused) {
            refused.headers().write(anthropic, now, ctx.response()::putHeader);
            ctx.response().putHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
            throw new GatewayException(refused.budget() ? ErrorKind.BUDGET_EXCEEDED : ErrorKind.RATE_LIMIT_EXCEEDED, refused.message());
        }
        LimitBook.Admission admission = (LimitBook.Admission) verdict;
        ctx.put(CallFacts.ADMISSION, admission);
        RateHeaders headers = admission.headers();
        if (!headers.isEmpty()) {
            headers.write(anthropic, now, ctx.response()::putHeader);
            ctx.put(CallFacts.RATE_HEADERS, Boolean.TRUE);
        }
    }

    /** The call is over: no longer in flight, its tokens and cost charged to every limit it counted against. */
    static void finish(RoutingContext ctx, UsageRecord record) {
        LimitBook.Admission admission = ctx.get(CallFacts.ADMISSION);
        if (admission != null) {
            admission.finish(record.usage() == null ? 0 : record.usage().total(), record.costUsd());
        }
    }

    /** Whether an upstream's header is one the gateway's own rate-limit headers replace. */
    static boolean replaced(RoutingContext ctx, String header) {
        if (ctx.get(CallFacts.RATE_HEADERS) == null) {
            return false;
        }
        String name = header.toLowerCase(java.util.Locale.ROOT);
        return name.startsWith("x-ratelimit-") || name.startsWith("anthropic-ratelimit-");
    }
}
