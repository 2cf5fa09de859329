package io.modelgate.control;

import io.modelgate.control.PolicyDiff.Change;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyObject;
import io.modelgate.testing.PolicyReading;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What an import would add, change and remove, object by object. */
class PolicyDiffTest {

    private static final PolicyDocument BEFORE = PolicyReading.parse("""
            general_settings:
              litellm_jwtauth: {user_roles_jwt_field: roles}
              role_permissions: [{role: internal_user, models: [chat]}]
            model_list:
              - {model_name: chat, litellm_params: {model: mock/chat}}
              - {model_name: old, litellm_params: {model: mock/old}}
            """);

    @Test
    void aPolicyAgainstItselfHasNoDifference() {
        assertEquals(List.of(), PolicyDiff.between(BEFORE, PolicyReading.parse(io.modelgate.litellm.LiteLlmFormat.write(BEFORE))));
    }

    @Test
    void eachObjectThatDiffersIsOneEntryInKindOrder() {
        PolicyDocument after = PolicyReading.parse("""
                general_settings:
                  litellm_jwtauth: {user_roles_jwt_field: roles, enforce_rbac: false}
                  role_permissions: [{role: internal_user, models: [chat, new]}]
                model_list:
                  - {model_name: chat, litellm_params: {model: mock/chat}}
                  - {model_name: new, litellm_params: {model: mock/new}}
                """);

        List<PolicyDiff.Entry> diff = PolicyDiff.between(BEFORE, after);
        assertEquals(List.of("settings:settings:CHANGED", "model:new:ADDED", "model:old:REMOVED", "permission:internal_user:CHANGED"),
                diff.stream().map(e -> e.kind().auditName() + ":" + e.key() + ":" + e.change()).toList());
        PolicyDiff.Entry added = diff.get(1);
        assertNull(added.before());
        assertEquals("mock/new", added.after().at("/deployments/0/model").asText());
        PolicyDiff.Entry removed = diff.get(2);
        assertEquals(PolicyObject.MODEL, removed.kind());
        assertEquals(Change.REMOVED, removed.change());
        assertNull(removed.after());
    }
}
