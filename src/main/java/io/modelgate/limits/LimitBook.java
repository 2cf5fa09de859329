package io.modelgate.limits;

import io.modelgate.identity.Caller;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters of every limit on this replica, and the rule for a call: it is admitted only if it fits every limit
 * that applies to its caller and model (under each rate and each budget), and then counts against all of them; its
 * tokens and cost are charged when it ends, so calls in flight may together overshoot a token limit or budget by what
 * they use. Pure apart from the clock it is given.
 */
public final class LimitBook {

    private final ConcurrentHashMap<String, LimitCounter> counters = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ZoneId zone;
    private final BudgetHistory history;

    public LimitBook(Clock clock, ZoneId zone, BudgetHistory history) {
        this.clock = clock;
        this.zone = zone;
        this.history = history;
    }

    /** A call that fits its limits, counted against them until {@link #finish}. */
    public final class Admission implements LimitVerdict {
        private final List<LimitCounter> charged;
        private final List<LimitRule> rules;
        private final RateHeaders headers;
        private boolean finished;

        private Admission(List<LimitCounter> charged, List<LimitRule> rules, RateHeaders headers) {
            this.charged = charged;
            this.rules = rules;
            this.headers = headers;
        }

        public RateHeaders headers() {
            return headers;
        }

        /** The call ended: it is no longer in flight, and its tokens and cost are charged. Once only. */
        public void finish(long tokens, double usd) {
            if (finished) {
                return;
            }
            finished = true;
            long now = clock.millis();
            for (int i = 0; i < charged.size(); i++) {
                LimitRule rule = rules.get(i);
                charged.get(i).finished(now, tokens, usd, periodStart(rule, now));
            }
        }
    }

    /** Set while shared counters are unavailable and the policy is to fail closed: calls under a rate limit are refused. */
    private volatile boolean refuseRates;

    /** What the exchange with the shared counters needs: every counter by key, and the clock. */
    void forEachCounter(java.util.function.BiConsumer<String, LimitCounter> each) {
        counters.forEach(each);
    }

    public long millis() {
        return clock.millis();
    }

    public void refuseRates(boolean refuse) {
        this.refuseRates = refuse;
    }

    private final Admission unlimited = new Admission(List.of(), List.of(), RateHeaders.NONE);

    /** Admits a call of {@code caller} under {@code candidates} (the limits of its model), or says which limit refuses it. */
    public LimitVerdict admit(List<LimitRule> candidates, Caller caller) {
        return admit(candidates, caller, false);
    }

    /**
     * {@link #admit(List, Caller)}, or, with {@code mayWait}, {@link LimitVerdict.HistoryPending} while a budget's
     * spending before this replica counted it is being read: nothing is counted yet, and the call is to be admitted
     * again (without waiting) once the read completes.
     */
    public LimitVerdict admit(List<LimitRule> candidates, Caller caller, boolean mayWait) {
        long now = clock.millis();
        List<LimitRule> rules = new ArrayList<>(candidates.size());
        List<LimitCounter> counted = new ArrayList<>(candidates.size());
        for (LimitRule rule : candidates) {
            if (rule.appliesTo(caller)) {
                rules.add(rule);
                counted.add(counters.computeIfAbsent(rule.counterKey(caller), key -> new LimitCounter()));
            }
        }
        if (rules.isEmpty()) {
            return unlimited;
        }
        // checked, then counted: calls checked at the same instant on other event loops may each take the last slot, so a
        // limit can be passed by at most one call per event-loop thread (no lock is held across counters)
        Long requestLimit = null;
        Long requestsRemaining = null;
        Long tokenLimit = null;
        Long tokensRemaining = null;
        for (int i = 0; i < rules.size(); i++) {
            LimitRule rule = rules.get(i);
            LimitCounter counter = counted.get(i);
            long start = periodStart(rule, now);
            if (rule.hasBudget()) {
                CompletionStage<Void> pending = history(rule, counter, caller, start);
                if (pending != null && mayWait) {
                    return new LimitVerdict.HistoryPending(pending);
                }
            }
            LimitExceeded refused = refusal(rule, counter, now, start);
            if (refused != null) {
                return refused;
            }
            if (rule.rpm() != null) {
                long remaining = rule.rpm() - counter.requestsInWindow(now) - 1;
                if (requestsRemaining == null || remaining < requestsRemaining) {
                    requestLimit = rule.rpm();
                    requestsRemaining = remaining;
                }
            }
            if (rule.tpm() != null) {
                long remaining = Math.max(0, rule.tpm() - counter.tokensInWindow(now));
                if (tokensRemaining == null || remaining < tokensRemaining) {
                    tokenLimit = rule.tpm();
                    tokensRemaining = remaining;
                }
            }
        }
        counted.forEach(counter -> counter.admitted(now));
        long reset = LimitCounter.windowResetMs(now);
        return new Admission(counted, rules, new RateHeaders(requestLimit, requestsRemaining, requestLimit == null ? null : reset,
                tokenLimit, tokensRemaining, tokenLimit == null ? null : reset));
    }

    /** Where {@code caller} stands under each of {@code rules} that applies to them. */
    public List<LimitStanding> standing(List<LimitRule> rules, Caller caller) {
        long now = clock.millis();
        List<LimitStanding> standing = new ArrayList<>();
        for (LimitRule rule : rules) {
            if (!rule.appliesTo(caller)) {
                continue;
            }
            LimitCounter counter = counters.getOrDefault(rule.counterKey(caller), new LimitCounter());
            long start = periodStart(rule, now);
            standing.add(new LimitStanding(rule.name(), rule.scope(), rule.rpm(), counter.requestsInWindow(now), rule.tpm(),
                    counter.tokensInWindow(now), rule.maxParallelRequests(), counter.inFlight(), rule.budgetUsd(), rule.budgetTokens(),
                    rule.period(), counter.spentUsd(start), counter.spentTokens(start),
                    rule.period() == null ? null : rule.period().next(Instant.ofEpochMilli(now), zone)));
        }
        return standing;
    }

    /**
     * The largest share of {@code rule}'s budget spent in its current period by whoever it counts (the role's shared
     * counter, or each caller's own): 1 is spent. 0 when the rule has no budget or nothing was spent on this replica's
     * counters (which include what other replicas spent before they were made).
     */
    public double budgetUsed(LimitRule rule) {
        if (!rule.hasBudget()) {
            return 0;
        }
        long start = periodStart(rule, clock.millis());
        String own = rule.name() + '\n';
        double most = 0;
        for (Map.Entry<String, LimitCounter> entry : counters.entrySet()) {
            if (entry.getKey().equals(rule.name()) || entry.getKey().startsWith(own)) {
                LimitCounter counter = entry.getValue();
                most = Math.max(most, rule.budgetUsd() != null ? counter.spentUsd(start) / rule.budgetUsd()
                        : (double) counter.spentTokens(start) / rule.budgetTokens());
            }
        }
        return most;
    }

    /** Which of {@code rule}'s ceilings refuses the call, if any; {@code start}: the rule's budget period's. */
    private LimitExceeded refusal(LimitRule rule, LimitCounter counter, long now, long start) {
        long windowReset = LimitCounter.windowResetMs(now);
        if (refuseRates && (rule.rpm() != null || rule.tpm() != null)) {
            return new LimitExceeded(rule.name(), false, "Limit '" + rule.name() + "' cannot be checked: the shared limit counters "
                    + "are unreachable and Modelgate is set to refuse calls then (modelgate.limits.redis-failure=fail-closed). Retry shortly.",
                    1, RateHeaders.NONE);
        }
        if (rule.rpm() != null && counter.requestsInWindow(now) >= rule.rpm()) {
            return rate(rule, rule.rpm() + " requests per minute", windowReset,
                    new RateHeaders(rule.rpm(), 0L, windowReset, null, null, null));
        }
        if (rule.tpm() != null && counter.tokensInWindow(now) >= rule.tpm()) {
            return rate(rule, rule.tpm() + " tokens per minute", windowReset, new RateHeaders(null, null, null, rule.tpm(), 0L, windowReset));
        }
        if (rule.maxParallelRequests() != null && counter.inFlightUnderLimit() >= rule.maxParallelRequests()) {
            return new LimitExceeded(rule.name(), false, "Limit '" + rule.name() + "' allows " + rule.maxParallelRequests()
                    + " requests at once, and that many are in flight. Retry when one has finished.", 1, RateHeaders.NONE);
        }
        if (rule.hasBudget()) {
            boolean spent = rule.budgetUsd() != null ? counter.spentUsd(start) >= rule.budgetUsd()
                    : counter.spentTokens(start) >= rule.budgetTokens();
            if (spent) {
                Instant next = rule.period().next(Instant.ofEpochMilli(now), zone);
                String amount = rule.budgetUsd() != null ? rule.budgetUsd() + " USD" : rule.budgetTokens() + " tokens";
                return new LimitExceeded(rule.name(), true, "Limit '" + rule.name() + "' allows " + amount + " per "
                        + rule.period().configName() + ", and it is spent. It resets at " + next + ".",
                        Math.max(1, (next.toEpochMilli() - now + 999) / 1000), RateHeaders.NONE);
            }
        }
        return null;
    }

    /**
     * For a budget counter new to this period, starts reading what was spent in it before it counted (from the stored
     * usage); returns what completes when that is known, or null when it is.
     */
    private CompletionStage<Void> history(LimitRule rule, LimitCounter counter, Caller caller, long start) {
        if (counter.claimHistory(start)) {
            history.lookUp(rule, caller, Instant.ofEpochMilli(start), (usd, tokens) -> counter.addSpent(start, usd, tokens));
        }
        return counter.historyPending(start);
    }

    private static LimitExceeded rate(LimitRule rule, String ceiling, long resetMs, RateHeaders headers) {
        long seconds = Math.max(1, (resetMs + 999) / 1000);
        return new LimitExceeded(rule.name(), false, String.format(Locale.ROOT, "Limit '%s' allows %s. Retry in %d s.", rule.name(),
                ceiling, seconds), seconds, headers);
    }

    private long periodStart(LimitRule rule, long now) {
        return rule.period() == null ? 0 : rule.period().start(Instant.ofEpochMilli(now), zone).toEpochMilli();
    }
}
