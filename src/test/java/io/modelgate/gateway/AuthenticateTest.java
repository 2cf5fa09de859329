package io.modelgate.gateway;

import io.modelgate.access.AccessPolicy;
import io.modelgate.identity.Caller;
import io.modelgate.snapshot.PolicySnapshot;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The authenticate stage: the caller found by token verification becomes the call's, under the policy it arrived with. */
class AuthenticateTest {

    private final Caller ann = TestPolicies.caller("ann", "internal_user");
    private final AtomicBoolean apiKeyAccepted = new AtomicBoolean();
    private final AtomicReference<AccessPolicy> policyUsed = new AtomicReference<>();
    private final AtomicReference<Call> lastCall = new AtomicReference<>();
    /** Token verification as Quarkus OIDC would answer it: here, always {@code ann}. */
    private final Authenticate authenticate = new Authenticate((exchange, policy, apiKey) -> {
        apiKeyAccepted.set(apiKey);
        policyUsed.set(policy);
        return Future.succeededFuture(ann);
    });
    private ServedCalls served;

    @AfterEach
    void stop() throws Exception {
        if (served != null) {
            served.close();
        }
    }

    private HttpResponse<String> authenticated(PolicySnapshot snapshot, String path) throws Exception {
        served = ServedCalls.serving(snapshot, call -> {
            lastCall.set(call);
            authenticate.caller(call).onSuccess(caller -> call.response().end(caller.subject())).onFailure(failure -> Render.error(call, failure));
        });
        return served.post(path, "{}");
    }

    @Test
    void theVerifiedCallerIsTheCallsUnderThePolicyItArrivedWith() throws Exception {
        PolicySnapshot snapshot = TestPolicies.snapshot(TestPolicies.POLICY);

        assertEquals("ann", authenticated(snapshot, "/v1/chat/completions").body());
        assertSame(ann, lastCall.get().caller());
        assertSame(snapshot.access(), policyUsed.get());
        assertFalse(apiKeyAccepted.get(), "OpenAI's paths take the token as a bearer token only");
    }

    @Test
    void anthropicsPathsAcceptTheTokenAsAnApiKeyToo() throws Exception {
        authenticated(TestPolicies.snapshot(TestPolicies.POLICY), "/v1/messages");

        assertTrue(apiKeyAccepted.get(), "Claude Code sends it in x-api-key");
    }

    @Test
    void beforeAPolicyIsLoadedEveryCallIsToldToRetry() throws Exception {
        HttpResponse<String> answer = authenticated(null, "/v1/chat/completions");

        assertEquals(503, answer.statusCode());
        assertTrue(answer.body().contains("\"code\":\"policy_not_loaded\""), answer.body());
        assertEquals(null, policyUsed.get(), "no token is verified without a policy to map its roles");
    }
}
