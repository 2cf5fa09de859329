package io.modelgate.gateway;

import io.modelgate.testing.TestIdentityProvider;
import io.modelgate.testing.TestUpstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.modelgate.testing.GatewayCalls.chat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Who may use which model, as callers see it through the gateway (policy: src/test/resources/test-policy.yaml). */
@QuarkusTest
class AccessControlTest {

    private static final List<String> BASIC_USER_MODELS = List.of("anthropic-idp", "anthropic-refusing", "anthropic-upstream", "azure-chat", "broken-mock",
            "chat", "claude", "embed", "failover", "flaky", "gpt-upstream", "misconfigured", "mock-chat", "mock-chat-only", "mock-embed", "mock-embed-only", "mock-image",
            "mock-instruct", "mock-messages-only", "mock-moderation", "mock-other-home", "mock-rerank", "mock-tts", "mock-whisper", "nowhere", "priced-chat", "ratelimited",
            "rejecting", "sized-stream", "slow", "slow-stream", "vllm-chat", "vllm-refusing", "whisper-upstream");

    @Test
    void modelsListShowsOnlyWhatTheCallerMayUse() {
        models(idp().tokenWithRoles("alice", "basic_user"))
                .body("object", is("list"))
                .body("data.id", is(BASIC_USER_MODELS))
                .body("data[0].object", is("model"))
                .body("data[0].owned_by", is("modelgate"));
        models(idp().tokenWithRoles("dana", "ds-team"))
                .body("data.id", containsInAnyOrder("ds-notebook", "premium-chat"));
    }

    @Test
    void wildcardAndTagPermissionsApply() {
        String dataScientist = idp().tokenWithRoles("dana", "ds-team");
        chat(dataScientist, "ds-notebook").statusCode(200);
        chat(dataScientist, "premium-chat").statusCode(200);
        chat(dataScientist, "chat").statusCode(403).body("error.code", is("model_not_permitted"));
    }

    @Test
    void rolesAreReadFromEveryConfiguredClaimPath() {
        String keycloakStyle = idp().token(c -> c.subject("kim").claim("realm_access", Map.of("roles", List.of("ds-team"))));
        chat(keycloakStyle, "ds-notebook").statusCode(200);
    }

    @Test
    void aGatewayRoleNameInTheTokenGrantsThatRole() {
        chat(idp().tokenWithRoles("tom", "data_science"), "ds-notebook").statusCode(200);
    }

    @Test
    void aTokenWithoutRolesOrWithUnmappedRolesIsRefused() {
        chat(idp().token(c -> c.subject("nobody")), "chat").statusCode(403).body("error.code", is("no_gateway_role"));
        chat(idp().tokenWithRoles("eve", "some-other-app-role"), "chat").statusCode(403).body("error.code", is("no_gateway_role"));
        given().auth().oauth2(idp().tokenWithRoles("eve", "unmapped")).when().get("/v1/models")
                .then().statusCode(403).body("error.type", is("permission_error"));
    }

    @Test
    void aForbiddenModelIsRefusedWithoutRevealingWhoMayUseIt() {
        TestUpstream.current().clear();
        chat(idp().tokenWithRoles("alice", "basic_user"), "secret-model").statusCode(403)
                .body("error.type", is("permission_error"))
                .body("error.param", is("model"))
                .body("error.message", containsString("'secret-model'"))
                .body("error.message", not(containsString("proxy_admin")));
        assertEquals(List.of(), TestUpstream.current().requests());
    }

    @Test
    void unknownModelsLookForbiddenUnlessTheCallerCouldUseThatName() {
        String alice = idp().tokenWithRoles("alice", "basic_user");
        chat(alice, "does-not-exist").statusCode(403).body("error.code", is("model_not_permitted"));
        // "no-deployment" is named in internal_user's permissions but no such model exists.
        chat(alice, "no-deployment").statusCode(404).body("error.code", is("model_not_found"));
        chat(idp().tokenWithRoles("dana", "ds-team"), "ds-missing").statusCode(404);
    }

    @Test
    void proxyAdminCallsModelsByItsPermissionsAndIsToldWhichRolesWouldBeNeeded() {
        String admin = idp().tokenWithRoles("root", "proxy_admin");
        chat(admin, "secret-model").statusCode(200);
        chat(admin, "unreleased-x").statusCode(404).body("error.code", is("model_not_found"));
        chat(admin, "embed").statusCode(403)
                .body("error.code", is("model_not_permitted"))
                .body("error.message", containsString("Roles that may use it: [internal_user]"));
    }

    @Test
    void aSingleModelIsVisibleOnlyToCallersWhoMayUseIt() {
        String alice = idp().tokenWithRoles("alice", "basic_user");
        given().auth().oauth2(alice).when().get("/v1/models/chat")
                .then().statusCode(200).body("id", is("chat")).body("object", is("model"));
        given().auth().oauth2(alice).when().get("/v1/models/secret-model")
                .then().statusCode(404).body("error.code", is("model_not_found"));
        given().auth().oauth2(alice).when().get("/v1/models/does-not-exist")
                .then().statusCode(404).body("error.code", is("model_not_found"));
        given().auth().oauth2(alice).when().get("/models/chat").then().statusCode(200);
    }

    private static ValidatableResponse models(String token) {
        return given().auth().oauth2(token).when().get("/v1/models").then().statusCode(200).contentType(ContentType.JSON);
    }

    private static TestIdentityProvider idp() {
        return TestIdentityProvider.current();
    }
}
