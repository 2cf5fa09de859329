package io.modelgate.limits;

import io.modelgate.identity.Caller;
import io.modelgate.policy.Limit;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneOffset;

import static io.modelgate.limits.LimitBookTest.caller;
import static io.modelgate.limits.LimitBookTest.rule;
import static io.modelgate.limits.LimitsConfig.RedisFailure.FAIL_OPEN;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas on one Redis count a limit together: per-minute requests and tokens, a budget's spending in its period,
 * and calls in flight, each replica admitting on the last exchange's totals plus its own calls since.
 */
class SharedCountersTest {

    /** Many sync intervals: the replicas agree well within it. */
    private static final Duration AGREED = Duration.ofSeconds(5);
    /** The stored usage (every replica's flushed aggregates) says this was spent in the period before the counters were new. */
    private static final BudgetHistory STORED_TWO_DOLLARS = (rule, caller, periodStart, spent) -> spent.add(2.00, 200);
    private static final Caller IVY = caller("ivy", "basic_user");
    private static final Caller PAT = caller("pat", "basic_user");

    private static LimitRule roleRate(long rpm, Long tpm) {
        return rule("team", "internal_user", null, Limit.Scope.ROLE, rpm, tpm, null, null);
    }

    private static LimitRule ivyBudgetUsd(String usd) {
        return rule("ivy-budget", null, "ivy", null, null, null, null, new Limit.Budget(new BigDecimal(usd), null, Limit.Period.MONTH));
    }

    private static LimitRule patParallel(int calls) {
        return rule("pat-parallel", null, "pat", null, null, null, calls, null);
    }

    @Test
    void aRoleRateIsCountedByBothReplicasTogether() throws Exception {
        try (TwoReplicas replicas = new TwoReplicas(FAIL_OPEN, BudgetHistory.NONE)) {
            LimitRule team = roleRate(5, 1000L);
            for (int i = 0; i < 3; i++) {
                replicas.a.admitted(team, caller("a-" + i, "internal_user")).finish(100, 0);
            }
            for (int i = 0; i < 2; i++) {
                replicas.b.admitted(team, caller("b-" + i, "internal_user")).finish(200, 0);
            }
            Caller member = caller("c", "internal_user");
            await().atMost(AGREED).untilAsserted(() -> {
                assertEquals(5, replicas.a.standing(team, member).requestsInLastMinute());
                assertEquals(5, replicas.b.standing(team, member).requestsInLastMinute());
                assertEquals(3 * 100 + 2 * 200, replicas.a.standing(team, member).tokensInLastMinute());
                assertEquals(3 * 100 + 2 * 200, replicas.b.standing(team, member).tokensInLastMinute());
            });
            LimitExceeded refused = replicas.a.refused(team, member);
            assertTrue(refused.message().contains("5 requests per minute"), refused.message());
            replicas.b.refused(team, member);
        }
    }

    @Test
    void aReplicaNewToACounterMidMinuteLearnsTheOthersCallsOfThePreviousMinute() throws Exception {
        try (TwoReplicas replicas = new TwoReplicas(FAIL_OPEN, BudgetHistory.NONE)) {
            LimitRule team = roleRate(100, null);
            for (int i = 0; i < 10; i++) {
                replicas.a.admitted(team, caller("a-" + i, "internal_user"));
            }
            replicas.clock.now = replicas.clock.now.plus(Duration.ofMinutes(1)); // 30 s into the next minute: half of the last counts
            Caller member = caller("b", "internal_user");
            replicas.b.admitted(team, member); // b's first call under the limit
            await().atMost(AGREED).untilAsserted(() -> {
                assertEquals(10 / 2 + 1, replicas.b.standing(team, member).requestsInLastMinute(), "a's 10, half still in the window");
                assertEquals(10 / 2 + 1, replicas.a.standing(team, member).requestsInLastMinute());
            });
        }
    }

    @Test
    void aBudgetsSharedTotalStartsFromTheStoredUsageAndEachReplicaAddsOnlyItsOwnSpending() throws Exception {
        try (TwoReplicas replicas = new TwoReplicas(FAIL_OPEN, STORED_TWO_DOLLARS)) {
            LimitRule budget = ivyBudgetUsd("2.70");
            replicas.a.admitted(budget, IVY).finish(50, 0.50);
            await().atMost(AGREED).untilAsserted(() -> assertSharedTotal(replicas, budget, 2.50, 250));

            replicas.b.admitted(budget, IVY).finish(25, 0.25); // b too read $2 from the stored usage: not counted again
            await().atMost(AGREED).untilAsserted(() -> assertSharedTotal(replicas, budget, 2.75, 275));
            await().atMost(AGREED).untilAsserted(() -> {
                assertEquals(2.75, replicas.a.standing(budget, IVY).spentUsd(), 1e-9);
                assertEquals(275, replicas.b.standing(budget, IVY).spentTokens());
            });
            assertTrue(replicas.a.refused(budget, IVY).budget(), "b's spending reached a: the $2.70 is spent");
            assertTrue(replicas.b.refused(budget, IVY).budget());
        }
    }

    @Test
    void aBudgetTotalThatRedisLostIsStartedAgainFromAllTheReplicaKnows() throws Exception {
        try (TwoReplicas replicas = new TwoReplicas(FAIL_OPEN, STORED_TWO_DOLLARS)) {
            LimitRule budget = ivyBudgetUsd("100");
            replicas.a.admitted(budget, IVY).finish(50, 0.50);
            replicas.b.admitted(budget, IVY).finish(25, 0.25);
            await().atMost(AGREED).untilAsserted(() -> {
                assertEquals(2.75, replicas.a.standing(budget, IVY).spentUsd(), 1e-9);
                assertEquals(2.75, replicas.b.standing(budget, IVY).spentUsd(), 1e-9);
            });

            replicas.redis.stop();
            replicas.redis.startAgain(); // empty
            replicas.a.admitted(budget, IVY).finish(10, 0.125);
            await().atMost(AGREED).untilAsserted(() -> assertSharedTotal(replicas, budget, 2.875, 285));
            replicas.b.admitted(budget, IVY).finish(10, 0.125);
            await().atMost(AGREED).untilAsserted(() -> assertSharedTotal(replicas, budget, 3.0, 295));
        }
    }

    private static void assertSharedTotal(TwoReplicas replicas, LimitRule budget, double usd, long tokens) throws Exception {
        String key = "modelgate:limit:" + budget.counterKey(IVY) + ":b:"
                + budget.period().start(replicas.clock.instant(), ZoneOffset.UTC).toEpochMilli();
        String shared = replicas.hashField(key, "usd");
        assertNotNull(shared, "a total in Redis");
        assertEquals(usd, Double.parseDouble(shared), 1e-9, "USD in Redis");
        assertEquals(Long.toString(tokens), replicas.hashField(key, "tokens"), "tokens in Redis");
    }

    @Test
    void callsInFlightCountOnEveryReplicaUntilTheyEndOrTheirReplicaStopsReporting() throws Exception {
        try (TwoReplicas replicas = new TwoReplicas(FAIL_OPEN, BudgetHistory.NONE)) {
            LimitRule two = patParallel(2);
            replicas.a.admitted(two, PAT);
            LimitBook.Admission onB = replicas.b.admitted(two, PAT);
            await().atMost(AGREED).untilAsserted(() -> assertEquals(2, replicas.a.standing(two, PAT).inFlight()));
            assertTrue(replicas.a.refused(two, PAT).message().contains("2 requests at once"));

            onB.finish(0, 0);
            await().atMost(AGREED).untilAsserted(() -> assertEquals(1, replicas.a.standing(two, PAT).inFlight()));
            replicas.a.admitted(two, PAT);
            await().atMost(AGREED).untilAsserted(() -> assertEquals(2, replicas.b.standing(two, PAT).inFlight()));

            replicas.a.stop(); // a crashes with its two calls in flight
            long crashed = System.nanoTime();
            replicas.b.refused(two, PAT);
            await().atMost(AGREED).untilAsserted(() -> replicas.b.admitted(two, PAT));
            long heldMs = Duration.ofNanos(System.nanoTime() - crashed).toMillis();
            assertTrue(heldMs >= 1500, "a's calls count until it has missed four exchanges, at least 2 s; held " + heldMs + " ms");
        }
    }

    @Test
    void aCallInFlightForMoreThanTwoMinutesStillCountsOnTheOtherReplica() throws Exception {
        try (TwoReplicas replicas = new TwoReplicas(FAIL_OPEN, BudgetHistory.NONE)) {
            LimitRule one = patParallel(1);
            replicas.b.admitted(one, PAT).finish(0, 0);
            replicas.a.admitted(one, PAT); // a long stream
            await().atMost(AGREED).untilAsserted(() -> assertEquals(1, replicas.b.standing(one, PAT).inFlight()));
            replicas.b.refused(one, PAT);

            replicas.clock.now = replicas.clock.now.plus(Duration.ofMinutes(3)); // the stream on a goes on
            // past the 2 s after which a replica that stopped reporting no longer counts
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                    .untilAsserted(() -> assertEquals(1, replicas.b.standing(one, PAT).inFlight(), "a's call, still in flight"));
            replicas.b.refused(one, PAT);
        }
    }
}
