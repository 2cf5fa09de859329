package io.modelgate.limits;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a budget counter's spending is shared: only once the stored usage has answered, and never counted twice. */
class LimitCounterTest {

    private static final long PERIOD = 1_000_000L;
    private static final long NOW = PERIOD + 5_000;

    private final LimitCounter counter = new LimitCounter();

    private void spend(double usd, long tokens) {
        counter.admitted(NOW);
        counter.finished(NOW, tokens, usd, PERIOD);
    }

    @Test
    void aBudgetIsNotSharedUntilTheStoredUsageHasAnsweredAndThenStartsFromAllThisReplicaKnows() {
        assertTrue(counter.claimHistory(PERIOD));
        spend(0.5, 50);
        assertNull(counter.takeUnsent(NOW).spending(), "a total started now would miss what was spent before this replica counted");

        counter.addSpent(PERIOD, 2.0, 200); // the stored usage answers
        LimitCounter.Spending unsent = counter.takeUnsent(NOW).spending();
        assertEquals(PERIOD, unsent.period());
        assertEquals(0.5, unsent.usd(), 1e-9, "only this replica's own spending is added to a shared total");
        assertEquals(50, unsent.tokens());
        assertEquals(2.5, unsent.knownUsd(), 1e-9, "a missing shared total starts from the history plus its own");
        assertEquals(250, unsent.knownTokens());
        assertEquals(0, counter.takeUnsent(NOW).spending().usd(), 1e-9, "what was taken is not sent twice");
    }

    @Test
    void aCounterUnderNoBudgetSharesNoSpending() {
        counter.admitted(NOW);
        assertNull(counter.takeUnsent(NOW).spending(), "before its first call ends");
        counter.finished(NOW, 10, 0, 0);
        assertNull(counter.takeUnsent(NOW).spending(), "and after");
    }

    @Test
    void theSharedTotalReplacesTheLocalViewAndWhatWasSpentMeanwhileIsAddedOnTop() {
        counter.claimHistory(PERIOD);
        counter.addSpent(PERIOD, 0, 0);
        spend(1.0, 100);
        LimitCounter.Unsent sent = counter.takeUnsent(NOW);
        spend(0.25, 25); // while the exchange is under way
        counter.sharedSpending(sent.spending().period(), 7.0, 700); // other replicas spent 6 and 600
        assertEquals(7.25, counter.spentUsd(PERIOD), 1e-9);
        assertEquals(725, counter.spentTokens(PERIOD));
        assertEquals(0.25, counter.takeUnsent(NOW).spending().usd(), 1e-9);
    }

    @Test
    void aFailedExchangeSendsItsSpendingWithTheNextOneButNotIntoANewPeriod() {
        counter.claimHistory(PERIOD);
        counter.addSpent(PERIOD, 0, 0);
        spend(1.0, 100);
        LimitCounter.Unsent failed = counter.takeUnsent(NOW);
        counter.restore(failed, NOW);
        assertEquals(1.0, counter.takeUnsent(NOW).spending().usd(), 1e-9);

        spend(2.0, 200);
        LimitCounter.Unsent lastPeriod = counter.takeUnsent(NOW);
        long next = PERIOD + 86_400_000L;
        assertEquals(0, counter.spentUsd(next), 1e-9, "a new period starts from nothing");
        counter.restore(lastPeriod, next);
        counter.sharedSpending(PERIOD, 50.0, 5000);
        assertEquals(0, counter.spentUsd(next), 1e-9, "neither last period's spending nor its total count in the new one");
    }

    @Test
    void callsInFlightAreSharedOnlyUnderAParallelLimitAndForgottenWhenTheExchangeFails() {
        counter.admitted(NOW);
        assertEquals(-1, counter.takeUnsent(NOW).inFlight(), "no parallel limit asked: nothing to share");
        assertEquals(1, counter.inFlightUnderLimit());
        LimitCounter.Unsent sent = counter.takeUnsent(NOW);
        assertEquals(1, sent.inFlight());
        counter.othersInFlight(3);
        assertEquals(4, counter.inFlight(), "its own and the other replicas'");
        counter.restore(counter.takeUnsent(NOW), NOW);
        assertEquals(1, counter.inFlight(), "Redis unreachable: each replica counts its own");
    }
}
