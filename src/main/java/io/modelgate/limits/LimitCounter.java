package io.modelgate.limits;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;


/**
 * What one limit's counters hold for one caller (or one role): requests and tokens in a sliding minute (the current
 * minute's count plus the previous one's, weighted by how much of it is still inside the last 60 s), calls in
 * flight, and what was spent in the current budget period. With shared counters the minute's counts and the period's
 * spending are every replica's as of the last exchange plus this replica's since ({@link #takeUnsent},
 * {@link #shared}, {@link #sharedSpending}). Pure and synchronised: the clock is passed in.
 */
final class LimitCounter {

    static final long MINUTE_MS = 60_000;

    private long minute = Long.MIN_VALUE;
    private long requestsNow;
    private long requestsBefore;
    private long tokensNow;
    private long tokensBefore;
    private int inFlight;
    private long periodStart = Long.MIN_VALUE;
    private double spentUsd;
    private long spentTokens;
    private long historyPeriod = Long.MIN_VALUE;
    /**
     * Done once the stored usage has answered for {@code historyPeriod}. Until then this replica's view of the period is
     * incomplete: it is not shared, and calls under the budget wait for it (so a spent budget is not passed after a
     * restart).
     */
    private CompletableFuture<Void> historyRead;
    /** This replica's spending in the period not yet added to the shared total. */
    private double unsentUsd;
    private long unsentSpentTokens;
    /** Set once a parallel limit is checked against this counter: only then are its calls in flight shared. */
    private boolean parallelLimited;
    private int othersInFlight;

    /** This replica's counts not yet added to the shared ones, by minute (the previous one's, if it rolled unsent). */
    private long unsentRequests;
    private long unsentTokens;
    private long unsentMinute = Long.MIN_VALUE;
    private long unsentRequestsBefore;
    private long unsentTokensBefore;
    /**
     * When this counter last counted anything: counters idle for two minutes need no exchange — unless calls under it are
     * in flight, here or (as far as it knows) on another replica: a two-hour stream counts for as long as it runs.
     */
    private long lastUsedMs;

    private void roll(long nowMs) {
        long current = nowMs / MINUTE_MS;
        if (current != minute) {
            boolean adjacent = current == minute + 1;
            requestsBefore = adjacent ? requestsNow : 0;
            tokensBefore = adjacent ? tokensNow : 0;
            requestsNow = 0;
            tokensNow = 0;
            unsentRequestsBefore = adjacent ? unsentRequests : 0;
            unsentTokensBefore = adjacent ? unsentTokens : 0;
            unsentRequests = 0;
            unsentTokens = 0;
            minute = current;
        }
    }

    /**
     * What to add to the shared counts: this replica's since the last exchange, which it forgets as sent; for a budget
     * its {@link Spending} too (else null), and under a parallel limit the calls it has in flight (else -1).
     */
    record Unsent(long minute, long requests, long tokens, long requestsBefore, long tokensBefore, Spending spending, int inFlight) {
    }

    /**
     * A budget's spending in {@code period} since the last exchange, and all this replica knows was spent in it
     * ({@code knownUsd}, {@code knownTokens}), which starts the shared total if there is none yet (a new period, or a
     * Redis that lost its data).
     */
    record Spending(long period, double usd, long tokens, double knownUsd, long knownTokens) {
    }

    synchronized Unsent takeUnsent(long nowMs) {
        roll(nowMs);
        if (nowMs - lastUsedMs > 2 * MINUTE_MS && inFlight == 0 && othersInFlight == 0) {
            return null; // idle here and elsewhere: nothing to send, nothing to learn; the next call brings it up to date
        }
        Spending spending = null;
        if (historyRead != null && historyPeriod == periodStart && historyRead.isDone()) { // a budget counter, its history known
            spending = new Spending(periodStart, unsentUsd, unsentSpentTokens, spentUsd, spentTokens);
            unsentUsd = 0;
            unsentSpentTokens = 0;
        }
        Unsent unsent = new Unsent(minute, unsentRequests, unsentTokens, unsentRequestsBefore, unsentTokensBefore, spending,
                parallelLimited ? inFlight : -1);
        unsentRequests = 0;
        unsentTokens = 0;
        unsentRequestsBefore = 0;
        unsentTokensBefore = 0;
        return unsent;
    }

    /** An exchange failed: what it took is sent with the next one. */
    synchronized void restore(Unsent unsent, long nowMs) {
        roll(nowMs);
        if (unsent.minute() == minute) {
            unsentRequests += unsent.requests();
            unsentTokens += unsent.tokens();
            unsentRequestsBefore += unsent.requestsBefore();
            unsentTokensBefore += unsent.tokensBefore();
        } else if (unsent.minute() == minute - 1) {
            unsentRequestsBefore += unsent.requests();
            unsentTokensBefore += unsent.tokens();
        }
        if (unsent.spending() != null && unsent.spending().period() == periodStart) {
            unsentUsd += unsent.spending().usd();
            unsentSpentTokens += unsent.spending().tokens();
        }
        othersInFlight = 0; // the other replicas' calls are not known while the exchange fails: each counts its own
    }

    /** Every replica's counts for {@code sentMinute} and the one before, as the exchange returned them. */
    synchronized void shared(long sentMinute, long requests, long tokens, long requestsPrevious, long tokensPrevious, long nowMs) {
        roll(nowMs);
        if (sentMinute == minute) { // plus what this replica counted while the exchange was under way
            requestsNow = requests + unsentRequests;
            tokensNow = tokens + unsentTokens;
            requestsBefore = Math.max(requestsBefore, requestsPrevious);
            tokensBefore = Math.max(tokensBefore, tokensPrevious);
        } else if (sentMinute == minute - 1) {
            requestsBefore = Math.max(requestsBefore, requests);
            tokensBefore = Math.max(tokensBefore, tokens);
        }
    }

    /** Every replica's spending in {@code period} as the exchange returned it, plus this replica's since it was sent. */
    synchronized void sharedSpending(long period, double usd, long tokens) {
        if (period == periodStart) {
            spentUsd = usd + unsentUsd;
            spentTokens = tokens + unsentSpentTokens;
        }
    }

    private static double stillInWindow(long nowMs) {
        return 1.0 - (nowMs % MINUTE_MS) / (double) MINUTE_MS;
    }

    synchronized long requestsInWindow(long nowMs) {
        roll(nowMs);
        return (long) Math.ceil(requestsBefore * stillInWindow(nowMs)) + requestsNow;
    }

    synchronized long tokensInWindow(long nowMs) {
        roll(nowMs);
        return (long) Math.ceil(tokensBefore * stillInWindow(nowMs)) + tokensNow;
    }

    /** Calls in flight on every replica: this one's now, the others' as of the last exchange. */
    synchronized int inFlight() {
        return inFlight + othersInFlight;
    }

    /** {@link #inFlight}, for a parallel limit: from now on the exchange shares this counter's calls in flight. */
    synchronized int inFlightUnderLimit() {
        parallelLimited = true;
        return inFlight();
    }

    /** What the exchange says the other replicas have in flight. */
    synchronized void othersInFlight(int calls) {
        othersInFlight = calls;
    }

    /** What was spent in the period that contains {@code now}; a new period starts from nothing. */
    synchronized double spentUsd(long periodStartMs) {
        rollPeriod(periodStartMs);
        return spentUsd;
    }

    synchronized long spentTokens(long periodStartMs) {
        rollPeriod(periodStartMs);
        return spentTokens;
    }

    private void rollPeriod(long start) {
        if (start != periodStart) {
            periodStart = start;
            spentUsd = 0;
            spentTokens = 0;
            unsentUsd = 0;
            unsentSpentTokens = 0;
        }
    }

    synchronized void admitted(long nowMs) {
        roll(nowMs);
        requestsNow++;
        unsentRequests++;
        inFlight++;
        lastUsedMs = nowMs;
    }

    synchronized void finished(long nowMs, long tokens, double usd, long periodStartMs) {
        roll(nowMs);
        inFlight = Math.max(0, inFlight - 1);
        tokensNow += tokens;
        unsentTokens += tokens;
        lastUsedMs = nowMs;
        rollPeriod(periodStartMs);
        spentUsd += usd;
        spentTokens += tokens;
        unsentUsd += usd;
        unsentSpentTokens += tokens;
    }

    /** True once per period: the first caller to ask looks up what was spent in it before this counter existed. */
    synchronized boolean claimHistory(long periodStartMs) {
        if (historyPeriod == periodStartMs) {
            return false;
        }
        historyPeriod = periodStartMs;
        historyRead = new CompletableFuture<>();
        return true;
    }

    /** Completes when the period's history has been added; null when it has been (or was never asked for). */
    synchronized CompletionStage<Void> historyPending(long periodStartMs) {
        return historyRead != null && historyPeriod == periodStartMs && !historyRead.isDone() ? historyRead : null;
    }

    /**
     * Adds what the stored usage says was spent in the period before this counter counted (budgets rebuilt after a
     * restart); from then on the counter's view of the period is shared.
     */
    synchronized void addSpent(long periodStartMs, double usd, long tokens) {
        if (periodStartMs < periodStart) {
            return; // the answer for a period that has ended meanwhile
        }
        rollPeriod(periodStartMs);
        spentUsd += usd;
        spentTokens += tokens;
        if (historyRead != null && historyPeriod == periodStartMs) {
            historyRead.complete(null);
        }
    }

    /** When the sliding minute has room again, at the latest: the end of the current minute. */
    static long windowResetMs(long nowMs) {
        return MINUTE_MS - nowMs % MINUTE_MS;
    }
}
