package io.modelgate.gateway;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.inspect.Endpoint;
import io.modelgate.inspect.InspectedBody;
import io.modelgate.responses.StoredResponse;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.snapshot.ServedModel;
import io.modelgate.upstream.Deployment;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The route stage: a model's deployments, or only those that reach where a stored response lives, and for whom. */
class RouteTest {

    private static final String POLICY = TestPolicies.POLICY + """
              - model_name: chat-elsewhere
                litellm_params: {model: openai/gpt-4o, api_base: "http://127.0.0.1:10/v1"}
            """;

    /** The model chat with its two deployments on two upstreams: a stored response lives at one of them. */
    private final PolicySnapshot snapshot = TestPolicies.snapshot(POLICY
            .replace("models: [\"chat\", \"claude\", \"ds-*\"]", "models: [\"chat\", \"claude\", \"ds-*\", \"chat-elsewhere\"]")
            .replace("{model: openai/gpt-4o-mini, api_base: \"http://127.0.0.1:9/v1\"}", "{model: openai/gpt-4o-mini, api_base: \"http://127.0.0.1:11/v1\"}"));
    private final Map<String, StoredResponse> stored = new HashMap<>();
    private final Route route = new Route(id -> Future.succeededFuture(Optional.ofNullable(stored.get(id))));
    private final Deployment home = snapshot.model("chat").orElseThrow().deployments().get(0);

    private StoredResponse storedBy(String id, String model, String subject) {
        StoredResponse response = new StoredResponse(id, model, home.home(), "https://idp.example.com", subject, Instant.now(),
                Instant.now().plusSeconds(3600));
        stored.put(id, response);
        return response;
    }

    private static <T> T result(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static Throwable failure(Future<?> future) {
        assertTrue(future.failed(), "refused");
        return future.cause();
    }

    private Call asking(String body, String subject, String... roles) {
        Call call = TestPolicies.call(snapshot, TestPolicies.caller(subject, roles));
        call.inspected(InspectedBody.inspect(body.getBytes(StandardCharsets.UTF_8)));
        return call;
    }

    @Test
    void aModelCallGoesToEveryDeploymentOfTheModel() throws Exception {
        ServedModel chat = snapshot.model("chat").orElseThrow();

        Route.Target target = result(route.modelCall(asking("{\"model\":\"chat\"}", "ann", "internal_user"), chat, Endpoint.CHAT_COMPLETIONS));

        assertEquals("chat", target.model());
        assertEquals(Set.copyOf(chat.deployments()), Set.copyOf(target.deployments()));
    }

    @Test
    void aContinuedResponseGoesOnlyWhereThePreviousOneLives() throws Exception {
        storedBy("resp_1", "chat", "ann");
        Call call = asking("{\"model\":\"chat\",\"previous_response_id\":\"resp_1\"}", "ann", "internal_user");

        Route.Target target = result(route.modelCall(call, snapshot.model("chat").orElseThrow(), Endpoint.RESPONSES));

        assertEquals(List.of(home), target.deployments(), "its sibling deployment, another upstream, cannot continue it");
    }

    @Test
    void anotherCallersPreviousResponseIsNotFound() {
        storedBy("resp_2", "chat", "bob");
        Call call = asking("{\"model\":\"chat\",\"previous_response_id\":\"resp_2\"}", "ann", "internal_user");

        GatewayException refused = assertInstanceOf(GatewayException.class,
                failure(route.modelCall(call, snapshot.model("chat").orElseThrow(), Endpoint.RESPONSES)));

        assertEquals(ErrorKind.NOT_FOUND, refused.kind());
        assertEquals("previous_response_id", refused.param());
    }

    @Test
    void aPreviousResponseKeptByAnUpstreamTheModelDoesNotReachSaysWhichModelContinuesIt() {
        storedBy("resp_3", "chat", "ann");
        Call call = asking("{\"model\":\"chat-elsewhere\",\"previous_response_id\":\"resp_3\"}", "ann", "internal_user");

        GatewayException refused = assertInstanceOf(GatewayException.class,
                failure(route.modelCall(call, snapshot.model("chat-elsewhere").orElseThrow(), Endpoint.RESPONSES)));

        assertEquals(ErrorKind.INVALID_REQUEST, refused.kind());
        assertTrue(refused.getMessage().contains("continue it with model 'chat'"), refused.getMessage());
    }

    @Test
    void aStoredResponseIsReachedByItsOwnerAndByAnAdministratorOnly() throws Exception {
        storedBy("resp_4", "chat", "ann");

        Route.Target owners = result(route.storedResponse(TestPolicies.call(snapshot, TestPolicies.caller("ann", "internal_user")), "resp_4"));
        Route.Target admins = result(route.storedResponse(TestPolicies.call(snapshot, TestPolicies.caller("root", "proxy_admin")), "resp_4"));
        Throwable others = failure(route.storedResponse(TestPolicies.call(snapshot, TestPolicies.caller("bob", "internal_user")), "resp_4"));
        Throwable unknown = failure(route.storedResponse(TestPolicies.call(snapshot, TestPolicies.caller("ann", "internal_user")), "resp_x"));

        assertEquals(List.of(home), owners.deployments());
        assertEquals("chat", admins.model());
        assertEquals(ErrorKind.NOT_FOUND, assertInstanceOf(GatewayException.class, others).kind());
        assertEquals(assertInstanceOf(GatewayException.class, unknown).getMessage().replace("resp_x", "resp_4"),
                others.getMessage(), "someone else's response and none at all look the same");
    }

    @Test
    void anOwnerWhoMayNoLongerUseTheModelNoLongerReachesTheResponse() {
        storedBy("resp_5", "chat", "carl");

        GatewayException refused = assertInstanceOf(GatewayException.class,
                failure(route.storedResponse(TestPolicies.call(snapshot, TestPolicies.caller("carl", "team")), "resp_5")));

        assertEquals(ErrorKind.MODEL_NOT_PERMITTED, refused.kind());
    }
}
