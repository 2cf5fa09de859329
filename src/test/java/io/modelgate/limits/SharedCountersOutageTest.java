package io.modelgate.limits;

import io.modelgate.identity.Caller;
import io.modelgate.policy.Limit;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.modelgate.limits.LimitBookTest.caller;
import static io.modelgate.limits.LimitBookTest.rule;
import static io.modelgate.limits.LimitsConfig.RedisFailure.FAIL_CLOSED;
import static io.modelgate.limits.LimitsConfig.RedisFailure.FAIL_OPEN;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis unreachable ({@code modelgate.limits.redis-failure}): fail-open admits on each replica's own counts and sends
 * them once Redis is back, fail-closed refuses calls under a rate limit meanwhile; {@code modelgate_limits_shared}
 * says which it is.
 */
class SharedCountersOutageTest {

    /** Many sync intervals, and a failed connection attempt to a stopped server. */
    private static final Duration NOTICED = Duration.ofSeconds(5);
    private static final Caller MEMBER = caller("member", "internal_user");
    /** Far from reached: a fail-closed refusal is for Redis, not for the count. */
    private static final LimitRule TEAM = teamRate(100);

    private static LimitRule teamRate(long rpm) {
        return rule("team", "internal_user", null, Limit.Scope.ROLE, rpm, null, null, null);
    }

    /** Two fail-closed replicas, a having counted a call under {@link #TEAM}: a counter in use, which the exchange sends. */
    private static TwoReplicas failClosedWithACallCounted() throws Exception {
        TwoReplicas replicas = new TwoReplicas(FAIL_CLOSED, BudgetHistory.NONE);
        replicas.a.admitted(TEAM, MEMBER).finish(10, 0);
        return replicas;
    }

    @Test
    void failOpenKeepsAdmittingOnEachReplicasOwnCountsAndSendsThemOnceRedisIsBack() throws Exception {
        try (TwoReplicas replicas = new TwoReplicas(FAIL_OPEN, BudgetHistory.NONE)) {
            LimitRule fourAMinute = teamRate(4);
            replicas.redis.stop();
            for (int i = 0; i < 3; i++) {
                replicas.a.admitted(fourAMinute, MEMBER);
            }
            replicas.b.admitted(fourAMinute, MEMBER);
            await().atMost(NOTICED).untilAsserted(() -> {
                assertEquals(0, replicas.a.shared());
                assertEquals(0, replicas.b.shared());
            });
            replicas.a.admitted(fourAMinute, MEMBER); // a's own 3 are under 4: the others' calls are not known
            replicas.b.admitted(fourAMinute, MEMBER);
            assertEquals(4, replicas.a.standing(fourAMinute, MEMBER).requestsInLastMinute());
            assertEquals(2, replicas.b.standing(fourAMinute, MEMBER).requestsInLastMinute());

            replicas.redis.startAgain();
            await().atMost(NOTICED).untilAsserted(() -> {
                assertEquals(1, replicas.a.shared());
                assertEquals(1, replicas.b.shared());
                assertEquals(6, replicas.a.standing(fourAMinute, MEMBER).requestsInLastMinute(), "every call made during the outage");
                assertEquals(6, replicas.b.standing(fourAMinute, MEMBER).requestsInLastMinute());
            });
            replicas.a.refused(fourAMinute, MEMBER);
            replicas.b.refused(fourAMinute, MEMBER);
        }
    }

    @Test
    void failClosedRefusesCallsUnderARateLimitWhileRedisIsUnreachableAndAdmitsOnceItIsBack() throws Exception {
        try (TwoReplicas replicas = failClosedWithACallCounted()) {
            LimitRule parallel = rule("member-parallel", null, "member", null, null, null, 5, null);
            replicas.redis.stop();
            await().atMost(NOTICED).untilAsserted(() -> assertEquals(0, replicas.a.shared()));

            LimitExceeded refused = replicas.a.refused(TEAM, MEMBER);
            assertFalse(refused.budget());
            assertTrue(refused.message().contains("fail-closed"), refused.message());
            assertEquals(1, refused.retryAfterSeconds());
            replicas.a.admitted(parallel, MEMBER); // only rates are refused: calls in flight are still this replica's to count

            replicas.redis.startAgain();
            await().atMost(NOTICED).untilAsserted(() -> replicas.a.admitted(TEAM, MEMBER));
            assertEquals(1, replicas.a.shared());
        }
    }

    @Test
    void failClosedAdmitsAgainOnceRedisIsBackAfterAnOutageOfMoreThanTwoMinutes() throws Exception {
        try (TwoReplicas replicas = failClosedWithACallCounted()) {
            replicas.redis.stop();
            await().atMost(NOTICED).untilAsserted(() -> replicas.a.refused(TEAM, MEMBER));

            replicas.clock.now = replicas.clock.now.plus(Duration.ofMinutes(3)); // the outage goes on; every call is refused
            replicas.a.refused(TEAM, MEMBER);
            replicas.redis.startAgain();
            await().atMost(NOTICED).untilAsserted(() -> replicas.a.admitted(TEAM, MEMBER));
        }
    }

    @Test
    void aRedisThatStopsAnsweringIsTreatedAsUnreachable() throws Exception {
        try (TwoReplicas replicas = failClosedWithACallCounted()) {
            await().atMost(NOTICED).untilAsserted(() -> assertEquals(1, replicas.a.shared()));
            replicas.redis.freeze();
            try {
                await().atMost(NOTICED).untilAsserted(() -> {
                    assertEquals(0, replicas.a.shared());
                    replicas.a.refused(TEAM, MEMBER);
                });
            } finally {
                replicas.redis.thaw();
            }
        }
    }
}
