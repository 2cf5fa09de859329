package io.modelgate.gateway;

import io.modelgate.limits.BudgetHistory;
import io.modelgate.limits.LimitBook;
import io.modelgate.policy.ApiFamily;
import io.modelgate.snapshot.PolicySnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admit stage on real exchanges: a call under a limit is admitted with the limit's headers, or refused with a 429. */
class AdmitTest {

    private static final String LIMITED = TestPolicies.POLICY + """
            modelgate:
              limits:
                - name: two-a-minute
                  role: internal_user
                  per: caller
                  models: ["chat"]
                  rpm: 2
            """;

    private final PolicySnapshot snapshot = TestPolicies.snapshot(LIMITED);
    private final LimitBook book = new LimitBook(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC,
            BudgetHistory.NONE);
    private final Admit admit = new Admit(book);
    private final AtomicReference<Call> lastCall = new AtomicReference<>();
    private ServedCalls served;

    @AfterEach
    void stop() throws Exception {
        if (served != null) {
            served.close();
        }
    }

    private HttpResponse<String> called(String model, String path) throws Exception {
        if (served == null) {
            served = ServedCalls.serving(snapshot, call -> {
                call.authenticated(TestPolicies.caller("ann", "internal_user"));
                lastCall.set(call);
                ApiFamily family = call.request().path().contains("messages") ? ApiFamily.ANTHROPIC : ApiFamily.OPENAI;
                admit.call(call, model, family)
                        .onSuccess(admitted -> call.response().end("admitted"))
                        .onFailure(failure -> Render.error(call, failure));
            });
        }
        return served.post(path, "{}");
    }

    @Test
    void aCallUnderALimitCarriesTheLimitsHeadersAndCountsAgainstIt() throws Exception {
        HttpResponse<String> first = called("chat", "/v1/chat/completions");

        assertEquals("admitted", first.body());
        assertEquals("2", first.headers().firstValue("x-ratelimit-limit-requests").orElse(null));
        assertEquals("1", first.headers().firstValue("x-ratelimit-remaining-requests").orElse(null));
        assertNotNull(lastCall.get().admission(), "released when the call ends");
        assertTrue(lastCall.get().ownRateHeaders(), "the upstream's rate-limit headers are replaced");
        assertTrue(Admit.replaced(lastCall.get(), "X-RateLimit-Remaining-Tokens"));
        assertFalse(Admit.replaced(lastCall.get(), "OpenAI-Processing-Ms"));
    }

    @Test
    void aCallOverTheLimitIsRefusedWithA429InTheApisShape() throws Exception {
        called("chat", "/v1/chat/completions");
        called("chat", "/v1/chat/completions");

        HttpResponse<String> third = called("chat", "/v1/chat/completions");
        HttpResponse<String> onMessages = called("chat", "/v1/messages");

        assertEquals(429, third.statusCode());
        assertTrue(third.body().contains("\"code\":\"rate_limit_exceeded\"") && third.body().contains("two-a-minute"), third.body());
        assertTrue(third.headers().firstValue("Retry-After").isPresent());
        assertEquals("0", third.headers().firstValue("x-ratelimit-remaining-requests").orElse(null));
        assertEquals(429, onMessages.statusCode());
        assertTrue(onMessages.body().contains("\"type\":\"rate_limit_error\""), onMessages.body());
        assertTrue(onMessages.headers().firstValue("anthropic-ratelimit-requests-remaining").isPresent(), "Anthropic's own headers");
    }

    @Test
    void aModelNoLimitCoversIsAdmittedWithoutCountingOrHeaders() throws Exception {
        HttpResponse<String> answer = called("claude", "/v1/chat/completions");

        assertEquals("admitted", answer.body());
        assertFalse(answer.headers().firstValue("x-ratelimit-limit-requests").isPresent());
        assertNull(lastCall.get().admission());
        assertFalse(Admit.replaced(lastCall.get(), "x-ratelimit-remaining-requests"), "the upstream's headers travel unchanged");
    }
}
