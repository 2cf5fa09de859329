package io.modelgate.limits;

import io.modelgate.identity.Caller;
import io.modelgate.policy.Limit;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every limit that applies must fit; rates slide over a minute, budgets reset with the calendar. */
class LimitBookTest {

    /** A clock the test moves (volatile: SharedCountersTest's exchanges read it on an event loop). */
    static final class TestClock extends Clock {
        volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static Caller caller(String subject, String... roles) {
        return new Caller("https://idp", subject, null, subject, Set.of(), Set.of(roles));
    }

    static LimitRule rule(String name, String role, String subject, Limit.Scope per, Long rpm, Long tpm, Integer parallel, Limit.Budget budget) {
        return LimitRule.of(new Limit(name, role, subject, null, per, null, rpm, tpm, parallel, budget), List.of("m"));
    }

    final TestClock clock = new TestClock(Instant.parse("2026-12-31T23:50:00.000Z"));
    final LimitBook book = new LimitBook(clock, ZoneOffset.UTC, BudgetHistory.NONE);

    @Test
    void aRoleLimitCountsItsCallersTogetherAndASubjectLimitStacksOnTop() {
        List<LimitRule> limits = List.of(rule("team", "internal_user", null, Limit.Scope.ROLE, 30L, null, null, null),
                rule("alice-only", null, "alice", null, 5L, null, null, null));
        for (int i = 0; i < 5; i++) {
            LimitVerdict verdict = book.admit(limits, caller("alice", "internal_user"));
            LimitBook.Admission admitted = assertInstanceOf(LimitBook.Admission.class, verdict);
            assertEquals(5L, admitted.headers().requestLimit(), "the tightest limit is the one reported");
            assertEquals(4L - i, admitted.headers().requestsRemaining());
        }
        LimitExceeded refused = assertInstanceOf(LimitExceeded.class, book.admit(limits, caller("alice", "internal_user")));
        assertEquals("alice-only", refused.limit());
        assertTrue(refused.message().contains("5 requests per minute"), refused.message());
        for (int i = 0; i < 25; i++) { // bob shares the team's 30 with alice's 5
            assertInstanceOf(LimitBook.Admission.class, book.admit(limits, caller("bob-" + i % 3, "internal_user")));
        }
        LimitExceeded team = assertInstanceOf(LimitExceeded.class, book.admit(limits, caller("carol", "internal_user")));
        assertEquals("team", team.limit());
        assertTrue(team.retryAfterSeconds() >= 1 && team.retryAfterSeconds() <= 60);
        assertEquals(0L, team.headers().requestsRemaining());
    }

    @Test
    void theMinuteSlides() {
        List<LimitRule> limits = List.of(rule("each", "internal_user", null, null, 10L, null, null, null));
        clock.now = Instant.parse("2026-12-01T10:00:50Z");
        for (int i = 0; i < 10; i++) {
            assertInstanceOf(LimitBook.Admission.class, book.admit(limits, caller("dana", "internal_user")));
        }
        assertInstanceOf(LimitExceeded.class, book.admit(limits, caller("dana", "internal_user")));
        clock.now = Instant.parse("2026-12-01T10:01:10Z"); // 10 s into the next minute: 5/6 of the last still count, 9 of 10
        assertInstanceOf(LimitBook.Admission.class, book.admit(limits, caller("dana", "internal_user")));
        assertInstanceOf(LimitExceeded.class, book.admit(limits, caller("dana", "internal_user")));
        clock.now = Instant.parse("2026-12-01T10:01:40Z"); // a third of them still count, 4, and the 1 of this minute
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(LimitBook.Admission.class, book.admit(limits, caller("dana", "internal_user")), "call " + i);
        }
        assertInstanceOf(LimitExceeded.class, book.admit(limits, caller("dana", "internal_user")));
        assertInstanceOf(LimitBook.Admission.class, book.admit(limits, caller("erin", "internal_user")), "per caller: erin has her own");
    }

    @Test
    void aBudgetIsSpentThenResetsWhenTheMonthTurns() {
        List<LimitRule> limits = List.of(rule("monthly", "internal_user", null, null, null, null, null,
                new Limit.Budget(new BigDecimal("0.01"), null, Limit.Period.MONTH)));
        LimitBook.Admission first = assertInstanceOf(LimitBook.Admission.class, book.admit(limits, caller("fay", "internal_user")));
        first.finish(1000, 0.006);
        LimitBook.Admission second = assertInstanceOf(LimitBook.Admission.class, book.admit(limits, caller("fay", "internal_user")));
        second.finish(1000, 0.006);
        LimitExceeded spent = assertInstanceOf(LimitExceeded.class, book.admit(limits, caller("fay", "internal_user")));
        assertTrue(spent.budget());
        assertTrue(spent.message().contains("resets at 2027-01-01T00:00:00Z"), spent.message());
        assertEquals(600, spent.retryAfterSeconds());
        clock.now = Instant.parse("2027-01-01T00:00:01Z");
        assertInstanceOf(LimitBook.Admission.class, book.admit(limits, caller("fay", "internal_user")));
    }

    @Test
    void tokensPerMinuteAndParallelRequests() {
        List<LimitRule> limits = List.of(rule("tokens", "internal_user", null, null, null, 1000L, 2, null));
        LimitBook.Admission a = assertInstanceOf(LimitBook.Admission.class, book.admit(limits, caller("gus", "internal_user")));
        LimitBook.Admission b = assertInstanceOf(LimitBook.Admission.class, book.admit(limits, caller("gus", "internal_user")));
        LimitExceeded parallel = assertInstanceOf(LimitExceeded.class, book.admit(limits, caller("gus", "internal_user")));
        assertTrue(parallel.message().contains("2 requests at once"), parallel.message());
        a.finish(600, 0);
        a.finish(600, 0); // a call finishes once
        LimitBook.Admission c = assertInstanceOf(LimitBook.Admission.class, book.admit(limits, caller("gus", "internal_user")));
        assertEquals(400L, c.headers().tokensRemaining());
        b.finish(500, 0); // the call in flight overshoots: charged when its usage is known
        c.finish(0, 0);
        LimitExceeded tokens = assertInstanceOf(LimitExceeded.class, book.admit(limits, caller("gus", "internal_user")));
        assertTrue(tokens.message().contains("1000 tokens per minute"), tokens.message());
    }

    @Test
    void whatWasSpentBeforeACounterExistedIsLookedUpOncePerPeriod() {
        List<LimitRule> limits = List.of(rule("monthly", "internal_user", null, null, null, null, null,
                new Limit.Budget(null, 1000L, Limit.Period.MONTH)));
        List<Instant> asked = new java.util.ArrayList<>();
        LimitBook restarted = new LimitBook(clock, ZoneOffset.UTC, (rule, who, periodStart, spent) -> {
            asked.add(periodStart);
            spent.add(0, periodStart.equals(Instant.parse("2026-12-01T00:00:00Z")) ? 1000 : 0);
        });
        LimitExceeded spent = assertInstanceOf(LimitExceeded.class, restarted.admit(limits, caller("hal", "internal_user")));
        assertTrue(spent.budget());
        assertInstanceOf(LimitExceeded.class, restarted.admit(limits, caller("hal", "internal_user")));
        assertEquals(List.of(Instant.parse("2026-12-01T00:00:00Z")), asked, "once for the period");
        clock.now = Instant.parse("2027-01-01T00:00:01Z");
        assertInstanceOf(LimitBook.Admission.class, restarted.admit(limits, caller("hal", "internal_user")));
        assertEquals(2, asked.size(), "and once for the next");
    }

    @Test
    void callsWaitWhileABudgetsHistoryIsReadSoASpentBudgetIsNotPassedAfterARestart() {
        List<LimitRule> limits = List.of(rule("monthly", "internal_user", null, null, null, null, null,
                new Limit.Budget(null, 1000L, Limit.Period.MONTH)));
        List<BudgetHistory.Spent> answers = new java.util.ArrayList<>();
        LimitBook restarted = new LimitBook(clock, ZoneOffset.UTC, (rule, who, periodStart, spent) -> answers.add(spent));
        Caller hal = caller("hal", "internal_user");

        LimitVerdict.HistoryPending first = assertInstanceOf(LimitVerdict.HistoryPending.class, restarted.admit(limits, hal, true));
        LimitVerdict.HistoryPending second = assertInstanceOf(LimitVerdict.HistoryPending.class, restarted.admit(limits, hal, true));
        assertEquals(1, answers.size(), "one read for every call that waits");
        assertEquals(0, restarted.standing(limits, hal).get(0).requestsInLastMinute(), "a waiting call is not counted");
        assertFalse(first.read().toCompletableFuture().isDone());

        answers.get(0).add(0, 1000); // the stored usage: the budget was spent before the restart
        assertTrue(first.read().toCompletableFuture().isDone() && second.read().toCompletableFuture().isDone());
        assertTrue(assertInstanceOf(LimitExceeded.class, restarted.admit(limits, hal, false)).budget());
        assertInstanceOf(LimitExceeded.class, restarted.admit(limits, hal, true), "known now: no more waiting");
    }

    @Test
    void aCallThatGaveUpWaitingIsDecidedOnWhatIsKnown() {
        List<LimitRule> limits = List.of(rule("monthly", "internal_user", null, null, null, null, null,
                new Limit.Budget(null, 1000L, Limit.Period.MONTH)));
        LimitBook stuck = new LimitBook(clock, ZoneOffset.UTC, (rule, who, periodStart, spent) -> {
        });
        assertInstanceOf(LimitBook.Admission.class, stuck.admit(limits, caller("hal", "internal_user"), false));
    }
}
