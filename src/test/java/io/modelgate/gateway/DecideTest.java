package io.modelgate.gateway;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.policy.Api;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.snapshot.ServedModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decide stage: the access decision as the caller's answer, and what it notes on the call for its record. */
class DecideTest {

    private final PolicySnapshot snapshot = TestPolicies.snapshot(TestPolicies.POLICY);

    @Test
    void anAllowedModelIsForwardedToAndItsRoleCredited() {
        Call call = TestPolicies.call(snapshot, TestPolicies.caller("ann", "internal_user"));

        ServedModel model = Decide.model(call, "chat", Api.CHAT_COMPLETIONS);

        assertEquals("chat", model.name());
        assertEquals(2, model.deployments().size());
        assertEquals("internal_user", call.grantedBy());
        assertEquals("chat", call.modelLabel());
    }

    @Test
    void aModelTheCallerMayNotUseIsForbiddenWithoutNamingWhoMay() {
        Call call = TestPolicies.call(snapshot, TestPolicies.caller("ann", "internal_user"));

        GatewayException refused = assertThrows(GatewayException.class, () -> Decide.model(call, "secret-model", Api.CHAT_COMPLETIONS));

        assertEquals(ErrorKind.MODEL_NOT_PERMITTED, refused.kind());
        assertFalse(refused.getMessage().contains("Roles that may use it"), refused.getMessage());
        assertNull(call.grantedBy(), "no role is credited with a refusal");
        assertEquals("secret-model", call.modelLabel(), "a model of the policy is named in the record, refused or not");
    }

    @Test
    void anAdministratorIsToldWhichRolesMayUseIt() {
        Call call = TestPolicies.call(snapshot, TestPolicies.caller("root", "team"));

        GatewayException refused = assertThrows(GatewayException.class, () -> Decide.model(TestPolicies.call(snapshot,
                TestPolicies.caller("root", "proxy_admin")), "secret-model", Api.CHAT_COMPLETIONS));

        assertTrue(refused.getMessage().contains("Roles that may use it"), refused.getMessage());
        assertEquals(ErrorKind.MODEL_NOT_PERMITTED, assertThrows(GatewayException.class,
                () -> Decide.model(call, "secret-model", Api.CHAT_COMPLETIONS)).kind());
    }

    @Test
    void anUnknownModelOneOfTheCallersPatternsCoversIsNotFoundAndRecordedAsOther() {
        Call call = TestPolicies.call(snapshot, TestPolicies.caller("ann", "internal_user"));

        GatewayException refused = assertThrows(GatewayException.class, () -> Decide.model(call, "ds-summariser", Api.CHAT_COMPLETIONS));

        assertEquals(ErrorKind.MODEL_NOT_FOUND, refused.kind());
        assertEquals(Meter.OTHER, call.modelLabel(), "what a caller types never becomes a metric label");
        assertEquals(ErrorKind.MODEL_NOT_PERMITTED, assertThrows(GatewayException.class,
                () -> Decide.model(call, "gpt-9000", Api.CHAT_COMPLETIONS)).kind(), "no pattern of the caller's covers it: 403, not 404");
    }

    @Test
    void aCallerWithoutAGatewayRoleIsForbidden() {
        Call call = TestPolicies.call(snapshot, TestPolicies.caller("nobody"));

        assertEquals(ErrorKind.NO_GATEWAY_ROLE, assertThrows(GatewayException.class,
                () -> Decide.model(call, "chat", Api.CHAT_COMPLETIONS)).kind());
        assertEquals(ErrorKind.NO_GATEWAY_ROLE, assertThrows(GatewayException.class,
                () -> Decide.requireGatewayRole(call.caller())).kind());
    }

    @Test
    void aModelOnAnApiItsUpstreamDoesNotSpeakIsABadRequestAfterAccess() {
        Call allowed = TestPolicies.call(snapshot, TestPolicies.caller("ann", "internal_user"));

        GatewayException refused = assertThrows(GatewayException.class, () -> Decide.model(allowed, "claude", Api.EMBEDDINGS));

        assertEquals(ErrorKind.INVALID_REQUEST, refused.kind());
        assertTrue(refused.getMessage().endsWith("It is served on /v1/chat/completions, /v1/responses, /v1/messages."),
                "Messages natively, chat and Responses translated to it: " + refused.getMessage());
        assertEquals(ErrorKind.MODEL_NOT_PERMITTED, assertThrows(GatewayException.class, () -> Decide.model(
                TestPolicies.call(snapshot, TestPolicies.caller("ann", "team")), "claude", Api.EMBEDDINGS)).kind(),
                "a caller who may not use it learns nothing of where it is served");
    }
}
