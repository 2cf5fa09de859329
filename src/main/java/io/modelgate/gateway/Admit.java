package io.modelgate.gateway;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.limits.LimitBook;
import io.modelgate.limits.LimitExceeded;
import io.modelgate.limits.LimitRule;
import io.modelgate.limits.LimitVerdict;
import io.modelgate.limits.Limits;
import io.modelgate.limits.RateHeaders;
import io.modelgate.policy.ApiFamily;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The admit stage: the call meets every limit that covers its model ({@link LimitBook}, counted in this replica and
 * shared through Redis off the request path). The book's {@link LimitVerdict} decides: admitted (the answer carries the
 * tightest limit's rate-limit headers, OpenAI's or Anthropic's, in place of the upstream's), refused (429 in the API's
 * shape, with {@code Retry-After}), or — while a budget's earlier spending is read from the stored usage — asked again
 * once that is known.
 */
@Singleton
final class Admit {

    /** How long a call waits for a budget's history before it is decided on what this replica knows. */
    static final long HISTORY_WAIT_MS = 2_000;

    private final LimitBook book;

    @Inject
    Admit(Limits limits) {
        this(limits.book());
    }

    Admit(LimitBook book) {
        this.book = book;
    }

    /** Completes once the call is admitted; fails with its refusal. */
    Future<Void> call(Call call, String model, ApiFamily family) {
        List<LimitRule> candidates = call.snapshot.limits().of(model);
        if (candidates.isEmpty()) {
            return Future.succeededFuture(); // no limit covers the model: nothing to count
        }
        LimitVerdict verdict = book.admit(candidates, call.caller(), true);
        if (verdict instanceof LimitVerdict.HistoryPending pending) {
            return Future.fromCompletionStage(pending.read(), Vertx.currentContext())
                    .timeout(HISTORY_WAIT_MS, TimeUnit.MILLISECONDS).otherwiseEmpty()
                    .compose(read -> {
                        if (call.response().closed()) { // the caller left while it waited: nothing to count, no one to answer
                            return Future.failedFuture(new IllegalStateException("the caller went away"));
                        }
                        return settle(call, book.admit(candidates, call.caller(), false), book, family);
                    });
        }
        return settle(call, verdict, book, family);
    }

    private static Future<Void> settle(Call call, LimitVerdict verdict, LimitBook book, ApiFamily family) {
        boolean anthropic = family == ApiFamily.ANTHROPIC;
        long now = book.millis(); // the book's clock, so reset times agree with what it counted
        if (verdict instanceof LimitExceeded refused) {
            refused.headers().write(anthropic, now, call.response()::putHeader);
            call.response().putHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
            return Future.failedFuture(new GatewayException(refused.budget() ? ErrorKind.BUDGET_EXCEEDED : ErrorKind.RATE_LIMIT_EXCEEDED,
                    refused.message()));
        }
        if (verdict instanceof LimitBook.Admission admission) {
            RateHeaders headers = admission.headers();
            call.admitted(admission, !headers.isEmpty());
            if (!headers.isEmpty()) {
                headers.write(anthropic, now, call.response()::putHeader);
            }
            return Future.succeededFuture();
        }
        // a book asked not to wait answers at once; should it not, the call is refused rather than let through
        return Future.failedFuture(new IllegalStateException("the limit book gave no verdict: " + verdict));
    }

    /** Whether an upstream's header is one the gateway's own rate-limit headers replace on this call. */
    static boolean replaced(Call call, String header) {
        if (!call.ownRateHeaders()) {
            return false;
        }
        return header.regionMatches(true, 0, "x-ratelimit-", 0, 12) || header.regionMatches(true, 0, "anthropic-ratelimit-", 0, 20);
    }
}
