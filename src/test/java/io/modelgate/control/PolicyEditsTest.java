package io.modelgate.control;

import io.modelgate.policy.GatewayRole;
import io.modelgate.policy.Permission;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.policy.RoleMapping;
import io.modelgate.testing.PolicyReading;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edits an operator makes, as functions from one document to the next. */
class PolicyEditsTest {

    private static final PolicyDocument POLICY = PolicyReading.parse("""
            general_settings:
              role_permissions:
                - {role: data_science, models: [chat, "ds-*", "tag:gpu"]}
                - {role: internal_user, models: [chat]}
                - {role: team, models: [embed]}
            modelgate:
              roles: [{name: data_science}, {name: auditors}]
              role_mappings:
                - {idp_role: ds, gateway_roles: [data_science, auditors]}
                - {idp_role: only-ds, gateway_roles: [data_science]}
            model_list:
              - {model_name: chat, litellm_params: {model: mock/chat}}
              - {model_name: embed, litellm_params: {model: mock/embed}}
            """);

    @Test
    void removingAModelTakesTheGrantsNamingItExactlyAndKeepsRules() {
        PolicyDocument after = PolicyEdits.remove(PolicyKind.MODELS, "chat").apply(POLICY);

        assertEquals(List.of("embed"), after.models().stream().map(m -> m.modelName()).toList());
        assertEquals(List.of(new Permission("data_science", List.of("ds-*", "tag:gpu")), new Permission("team", List.of("embed"))),
                after.permissions(), "internal_user granted only chat: its permission goes");
    }

    @Test
    void removingARoleTakesItsPermissionAndItsGrantsInMappings() {
        PolicyDocument after = PolicyEdits.remove(PolicyKind.ROLES, "data_science").apply(POLICY);

        assertEquals(List.of(new GatewayRole("auditors", null)), after.roles());
        assertEquals(List.of("internal_user", "team"), after.permissions().stream().map(Permission::role).toList());
        assertEquals(List.of(new RoleMapping("ds", List.of("auditors"))), after.roleMappings(), "a mapping left with no role goes");
    }

    @Test
    void mcpGrantsSurviveModelEditsAndGoWithTheirServer() {
        PolicyDocument policy = PolicyReading.parse("""
                general_settings:
                  role_permissions:
                    - {role: internal_user, models: [chat], mcp: ["wiki", "jira/get_*", "*"]}
                    - {role: team, models: [chat], mcp: ["wiki/search"]}
                mcp_servers:
                  wiki: {url: "https://wiki.example.com/mcp"}
                  jira: {url: "https://jira.example.com/mcp"}
                model_list:
                  - {model_name: chat, litellm_params: {model: mock/chat}}
                """);
        PolicyDocument noModel = PolicyEdits.remove(PolicyKind.MODELS, "chat").apply(policy);
        assertEquals(List.of(new Permission("internal_user", List.of(), List.of("wiki", "jira/get_*", "*")),
                new Permission("team", List.of(), List.of("wiki/search"))), noModel.permissions(), "the model's grants go, the tools' stay");
        PolicyDocument noWiki = PolicyEdits.remove(PolicyKind.MCP_SERVERS, "wiki").apply(policy);
        assertEquals(List.of(new Permission("internal_user", List.of("chat"), List.of("jira/get_*", "*")),
                new Permission("team", List.of("chat"), List.of())), noWiki.permissions());
        assertEquals(List.of("jira/get_*", "*"), PolicyKind.PERMISSIONS.find(PolicyEdits.putPermission("internal_user", List.of())
                .apply(noWiki), "internal_user").orElseThrow().mcp(), "the matrix sets models and keeps the MCP grants");
    }

    @Test
    void aBuiltInRoleCannotBeRemoved() {
        PolicyValidationException e = assertThrows(PolicyValidationException.class, () -> PolicyEdits.remove(PolicyKind.ROLES, "team"));
        assertEquals("name", e.problems().get(0).field());
    }

    @Test
    void putReplacesInPlaceOrAddsAtTheEnd() {
        PolicyDocument replaced = PolicyEdits.put(PolicyKind.ROLES, new GatewayRole("data_science", "Data scientists")).apply(POLICY);
        PolicyDocument added = PolicyEdits.put(PolicyKind.ROLES, new GatewayRole("finance", null)).apply(POLICY);

        assertEquals(List.of(new GatewayRole("data_science", "Data scientists"), new GatewayRole("auditors", null)), replaced.roles());
        assertEquals(List.of("data_science", "auditors", "finance"), added.roles().stream().map(GatewayRole::name).toList());
        assertEquals(POLICY.models(), replaced.models(), "nothing else changes");
    }

    @Test
    void permissionsAndMappingsWithNothingLeftAreRemoved() {
        assertTrue(PolicyKind.PERMISSIONS.find(PolicyEdits.putPermission("team", List.of()).apply(POLICY), "team").isEmpty());
        assertEquals(List.of("chat", "embed"), PolicyKind.PERMISSIONS.find(
                PolicyEdits.putPermission("team", List.of("chat", "embed", "chat")).apply(POLICY), "team").orElseThrow().models());
        assertTrue(PolicyKind.ROLE_MAPPINGS.find(PolicyEdits.putMapping("ds", Set.of()).apply(POLICY), "ds").isEmpty());
    }

    @Test
    void addingAMappingKeepsTheRolesTheValueAlreadyGrants() {
        PolicyDocument after = PolicyEdits.addMapping("only-ds", "auditors").apply(PolicyEdits.addMapping("new", "team").apply(POLICY));

        assertEquals(List.of("data_science", "auditors"), PolicyKind.ROLE_MAPPINGS.find(after, "only-ds").orElseThrow().gatewayRoles());
        assertEquals(List.of("team"), PolicyKind.ROLE_MAPPINGS.find(after, "new").orElseThrow().gatewayRoles());
    }
}
