package io.modelgate.limits;

import io.modelgate.identity.Caller;

import java.time.Instant;

/**
 * Where a budget's spending before this replica counted it comes from: the stored usage. Asked once per budget
 * counter and period, without waiting: {@code spent} is called back with what was spent since {@code periodStart}
 * (with nothing, if it cannot be read), always.
 */
@FunctionalInterface
public interface BudgetHistory {

    /** Nothing was spent before: every period starts from zero. */
    BudgetHistory NONE = (rule, caller, periodStart, spent) -> spent.add(0, 0);

    /** Receives dollars and tokens. */
    @FunctionalInterface
    interface Spent {
        void add(double usd, long tokens);
    }

    void lookUp(LimitRule rule, Caller caller, Instant periodStart, Spent spent);
}
