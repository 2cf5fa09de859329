package io.modelgate.gateway;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.limits.BudgetHistory;
import io.modelgate.limits.LimitBook;
import io.modelgate.policy.ApiFamily;
import io.modelgate.policy.Api;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.upstream.Deployment;
import io.modelgate.usage.UsageRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meter stage: one record per call, made of what the call learnt however far it got, and the usage it reported. */
class MeterTest {

    private static final String LIMITED = TestPolicies.POLICY + """
            modelgate:
              limits:
                - name: one-at-a-time
                  role: internal_user
                  per: caller
                  max_parallel_requests: 1
            """;

    private final PolicySnapshot snapshot = TestPolicies.snapshot(LIMITED);
    private final List<UsageRecord> records = new CopyOnWriteArrayList<>();
    private final Meter meter = new Meter(records::add, true);
    private ServedCalls served;

    @AfterEach
    void stop() throws Exception {
        if (served != null) {
            served.close();
        }
    }

    private UsageRecord recordOf(java.util.function.Consumer<Call> handler) throws Exception {
        stop();
        served = ServedCalls.serving(snapshot, call -> {
            call.exchange.addEndHandler(ended -> meter.ended(call));
            handler.accept(call);
        });
        served.post("/v1/chat/completions", "{}");
        await().atMost(Duration.ofSeconds(2)).until(() -> !records.isEmpty());
        return records.get(0);
    }

    @Test
    void anAnsweredCallIsRecordedAsAllowedByItsRole() throws Exception {
        UsageRecord record = recordOf(call -> {
            call.authenticated(TestPolicies.caller("ann", "internal_user"));
            Decide.model(call, "chat", Api.CHAT_COMPLETIONS);
            call.answeredBy(snapshot.model("chat").orElseThrow().deployments().get(0));
            call.response().end("{}");
        });

        assertEquals("ann", record.subject());
        assertEquals("internal_user", record.role());
        assertEquals("chat", record.model());
        assertEquals("openai/gpt-4o#1", record.deployment());
        assertEquals("allowed:internal_user", record.decision());
        assertEquals(200, record.status());
        assertEquals("chat", record.endpoint());
        assertEquals("/v1/chat/completions", record.path());
        assertTrue(record.durationNanos() > 0);
        assertTrue(record.metered());
    }

    @Test
    void aRefusedCallIsRecordedWithItsErrorAndNoRole() throws Exception {
        UsageRecord record = recordOf(call -> {
            call.authenticated(TestPolicies.caller("ann", "internal_user"));
            call.names("secret-model");
            Render.error(call, new GatewayException(ErrorKind.MODEL_NOT_PERMITTED, "no"));
        });

        assertEquals("model_not_permitted", record.decision());
        assertEquals(Meter.NONE, record.role());
        assertEquals("secret-model", record.model());
        assertEquals(403, record.status());
        assertNull(record.deployment());
    }

    @Test
    void aCallRefusedBeforeAuthenticationIsNotMeteredUsage() throws Exception {
        UsageRecord record = recordOf(call -> Render.error(call, new GatewayException(ErrorKind.MISSING_TOKEN, "no token")));

        assertNull(record.subject());
        assertEquals(Meter.NONE, record.model());
        assertEquals("missing_token", record.decision());
        assertTrue(!record.metered(), "only authenticated callers' calls are usage");
    }

    @Test
    void theEndOfACallReleasesItsLimits() throws Exception {
        LimitBook book = new LimitBook(Clock.systemUTC(), ZoneOffset.UTC, BudgetHistory.NONE);
        Admit admit = new Admit(book);
        recordOf(call -> {
            call.authenticated(TestPolicies.caller("ann", "internal_user"));
            admit.call(call, "chat", ApiFamily.OPENAI).onSuccess(v -> call.response().end("{}"));
        });
        records.clear();

        // one call in flight at most: a second is admitted only because the first was released when it ended
        recordOf(call -> {
            call.authenticated(TestPolicies.caller("ann", "internal_user"));
            admit.call(call, "chat", ApiFamily.OPENAI).onComplete(admitted -> call.response().setStatusCode(admitted.succeeded() ? 200 : 429).end());
        });
        assertEquals(200, records.get(0).status());
    }

    @Test
    void usageIsReadOnlyFromSuccessfulJsonOrEventStreamAnswers() throws Exception {
        Deployment deployment = snapshot.model("chat").orElseThrow().deployments().get(0);
        Call[] seen = new Call[1];
        recordOf(call -> {
            seen[0] = call;
            AnswerWatches usage = meter.usage(call, ApiFamily.OPENAI, false);
            assertSame(AnswerWatch.PASS_THROUGH, usage.open(deployment, new FakeAnswer(500, "application/json", List.of())));
            assertSame(AnswerWatch.PASS_THROUGH, usage.open(deployment, new FakeAnswer(200, "audio/mpeg", List.of())));
            AnswerWatch watch = usage.open(deployment, new FakeAnswer(200, "application/json", List.of()));
            watch.chunk(io.vertx.core.buffer.Buffer.buffer("{\"id\":\"x\",\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}"));
            call.response().end();
        });

        assertEquals(15, records.get(0).usage().total());
        assertSame(AnswerWatches.NONE, new Meter(r -> { }, false).usage(seen[0], ApiFamily.OPENAI, false), "metering off reads nothing");
    }

    @Test
    void aCallWhoseCallerLeftIsRecordedAsAborted() {
        assertEquals("aborted", Meter.decision(null, "internal_user", false));
        assertEquals("allowed", Meter.decision(null, null, true));
        assertEquals("upstream_timeout", Meter.decision(ErrorKind.UPSTREAM_TIMEOUT, "internal_user", false));
    }
}
