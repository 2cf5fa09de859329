package io.modelgate.access;

import static io.modelgate.access.AccessDecision.Outcome.ALLOWED;
import static io.modelgate.access.AccessDecision.Outcome.NOT_PERMITTED;
import static io.modelgate.access.AccessDecision.Outcome.NO_GATEWAY_ROLE;
import static io.modelgate.access.AccessDecision.Outcome.UNKNOWN_MODEL;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessPolicyTest {

    private static final List<String> BUILTIN_ROLES = List.of(BuiltInRoles.PROXY_ADMIN, BuiltInRoles.INTERNAL_USER,
            BuiltInRoles.TEAM);

    /** Builds an {@link AccessPolicy} the way an operator would write it down. */
    private static final class PolicyBuilder {
        private List<String> claimPaths = List.of("roles");
        private Set<String> userAllowedRoles = Set.of();
        private boolean enforceRbac = true;
        private final List<String> roles = new ArrayList<>(BUILTIN_ROLES);
        private final Map<String, List<String>> mappings = new java.util.LinkedHashMap<>();
        private final Map<String, List<ModelPattern>> permissions = new java.util.LinkedHashMap<>();
        private final List<ModelRef> models = new ArrayList<>();

        PolicyBuilder claimPaths(String... paths) {
            claimPaths = List.of(paths);
            return this;
        }

        PolicyBuilder userAllowedRoles(String... values) {
            userAllowedRoles = Set.of(values);
            return this;
        }

        PolicyBuilder enforceRbac(boolean enforce) {
            enforceRbac = enforce;
            return this;
        }

        PolicyBuilder role(String name) {
            roles.add(name);
            return this;
        }

        PolicyBuilder map(String idpValue, String gatewayRole) {
            mappings.computeIfAbsent(idpValue, v -> new ArrayList<>()).add(gatewayRole);
            return this;
        }

        PolicyBuilder permit(String role, String... patterns) {
            for (String p : patterns) {
                permissions.computeIfAbsent(role, r -> new ArrayList<>()).add(ModelPattern.parse(p));
            }
            return this;
        }

        PolicyBuilder model(String name, String... tags) {
            models.add(new ModelRef(name, Set.of(tags)));
            return this;
        }

        AccessPolicy build() {
            List<RoleClaimPath> paths = claimPaths.stream().map(RoleClaimPath::parse).toList();
            return new AccessPolicy(new AccessSettings(paths, userAllowedRoles, enforceRbac), roles, mappings,
                    permissions, models);
        }
    }

    private static PolicyBuilder policy() {
        return new PolicyBuilder();
    }

    /** LiteLLM's documented JWT-auth example, with {@code enforce_rbac} as given. */
    private static AccessPolicy litellmExample(boolean enforceRbac) {
        return policy()
                .userAllowedRoles("basic_user")
                .enforceRbac(enforceRbac)
                .permit(BuiltInRoles.INTERNAL_USER, "anthropic-claude")
                .model("anthropic-claude")
                .model("openai-gpt-4o")
                .build();
    }

    private static final AccessPolicy LITELLM_EXAMPLE = litellmExample(true);
    private static final AccessPolicy LITELLM_EXAMPLE_OPEN = litellmExample(false);

    /** Custom roles, explicit mappings, wildcard and tag rules; models deliberately listed out of order. */
    private static final AccessPolicy RICH = policy()
            .userAllowedRoles("basic_user")
            .role("data_science")
            .role("fast_lane")
            .map("ds-team", "data_science")
            .map("platform-ops", BuiltInRoles.PROXY_ADMIN)
            .map("speedy", "fast_lane")
            .permit(BuiltInRoles.PROXY_ADMIN, "*")
            .permit(BuiltInRoles.INTERNAL_USER, "anthropic-claude")
            .permit("data_science", "openai/*", "gpt-4*")
            .permit("fast_lane", "tag:fast")
            .permit(BuiltInRoles.TEAM, "*mini")
            .model("openai/gpt-4o")
            .model("gpt-4o-mini", "fast")
            .model("claude-haiku", "fast", "cheap")
            .model("anthropic-claude")
            .model("llama-70b", "slow")
            .build();

    private static Arguments row(String description, AccessPolicy policy, List<String> idpRoles, String model,
            AccessDecision.Outcome expected, String expectedRule) {
        return arguments(description, policy, idpRoles, model, expected, expectedRule);
    }

    private static List<String> idp(String... values) {
        return Arrays.asList(values);
    }

    static Stream<Arguments> decisionTable() {
        final String admin = "proxy_admin → *";
        final String open = "enforce_rbac is off: every gateway role may use every model";
        return Stream.of(
                // LiteLLM's documented example
                row("doc: allowed role, permitted model", LITELLM_EXAMPLE, idp("basic_user"), "anthropic-claude",
                        ALLOWED, "internal_user → anthropic-claude"),
                row("doc: allowed role, other model", LITELLM_EXAMPLE, idp("basic_user"), "openai-gpt-4o",
                        NOT_PERMITTED, null),
                row("doc: no roles at all", LITELLM_EXAMPLE, idp(), "anthropic-claude", NO_GATEWAY_ROLE, null),
                row("doc: only unmapped roles", LITELLM_EXAMPLE, idp("guest", "Basic_User"), "anthropic-claude",
                        NO_GATEWAY_ROLE, null),
                // enforce_rbac: false
                row("open: permitted model", LITELLM_EXAMPLE_OPEN, idp("basic_user"), "anthropic-claude", ALLOWED,
                        open),
                row("open: model without permission", LITELLM_EXAMPLE_OPEN, idp("basic_user"), "openai-gpt-4o",
                        ALLOWED, open),
                row("open: still needs a gateway role", LITELLM_EXAMPLE_OPEN, idp(), "openai-gpt-4o",
                        NO_GATEWAY_ROLE, null),
                row("open: unmapped role is no gateway role", LITELLM_EXAMPLE_OPEN, idp("guest"), "openai-gpt-4o",
                        NO_GATEWAY_ROLE, null),
                row("open: unknown model", LITELLM_EXAMPLE_OPEN, idp("basic_user"), "nope", UNKNOWN_MODEL, null),
                // explicit mapping to a custom role, wildcard rules
                row("mapping + wildcard openai/*", RICH, idp("ds-team"), "openai/gpt-4o", ALLOWED,
                        "data_science → openai/*"),
                row("mapping + wildcard gpt-4*", RICH, idp("ds-team"), "gpt-4o-mini", ALLOWED,
                        "data_science → gpt-4*"),
                row("mapping: outside the wildcards", RICH, idp("ds-team"), "anthropic-claude", NOT_PERMITTED, null),
                // IdP value equal to a gateway role name
                row("IdP value names custom role", RICH, idp("data_science"), "openai/gpt-4o", ALLOWED,
                        "data_science → openai/*"),
                row("IdP value names built-in team", RICH, idp("team"), "gpt-4o-mini", ALLOWED, "team → *mini"),
                row("team: suffix wildcard does not match", RICH, idp("team"), "openai/gpt-4o", NOT_PERMITTED, null),
                // tag rules
                row("tag rule, tagged model", RICH, idp("speedy"), "claude-haiku", ALLOWED, "fast_lane → tag:fast"),
                row("tag rule, model with other tag", RICH, idp("speedy"), "llama-70b", NOT_PERMITTED, null),
                row("tag rule, untagged model", RICH, idp("speedy"), "anthropic-claude", NOT_PERMITTED, null),
                // proxy_admin
                row("admin by mapping", RICH, idp("platform-ops"), "llama-70b", ALLOWED, admin),
                row("admin by role name", RICH, idp("proxy_admin"), "anthropic-claude", ALLOWED, admin),
                row("admin with other roles", RICH, idp("basic_user", "platform-ops"), "llama-70b", ALLOWED, admin),
                row("admin, unknown model", RICH, idp("platform-ops"), "gpt-5", UNKNOWN_MODEL, null),
                row("admin without a permission", LITELLM_EXAMPLE, idp("proxy_admin"), "anthropic-claude", NOT_PERMITTED, null),
                // several roles: any one permitting is enough
                row("several roles, second permits", RICH, idp("basic_user", "speedy"), "claude-haiku", ALLOWED,
                        "fast_lane → tag:fast"),
                row("several roles, none permits", RICH, idp("basic_user", "team"), "llama-70b", NOT_PERMITTED, null),
                // unknown models: only revealed to callers whose patterns cover the name
                row("unknown, covered by openai/*", RICH, idp("ds-team"), "openai/gpt-5", UNKNOWN_MODEL, null),
                row("unknown, covered by gpt-4*", RICH, idp("ds-team"), "gpt-4.5", UNKNOWN_MODEL, null),
                row("unknown, not covered", RICH, idp("basic_user"), "openai/gpt-5", NOT_PERMITTED, null),
                row("unknown, exact pattern elsewhere", RICH, idp("ds-team"), "claude-opus", NOT_PERMITTED, null),
                row("unknown, tag rules cannot cover it", RICH, idp("speedy"), "gpt-4.5", NOT_PERMITTED, null),
                row("unknown, no gateway role", RICH, idp("guest"), "openai/gpt-5", NO_GATEWAY_ROLE, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisionTable")
    void decides(String description, AccessPolicy policy, List<String> idpRoles, String model,
            AccessDecision.Outcome expected, String expectedRule) {
        Set<String> gatewayRoles = policy.gatewayRoles(idpRoles);

        AccessDecision decision = policy.decide(gatewayRoles, model);

        assertAll(
                () -> assertEquals(expected, decision.outcome(), decision.reason()),
                () -> assertEquals(expected == ALLOWED, decision.allowed()),
                () -> assertEquals(model, decision.model()),
                () -> assertEquals(gatewayRoles, decision.gatewayRoles()),
                () -> assertEquals(expectedRule, decision.rule()),
                () -> assertTrue(decision.reason() != null && !decision.reason().isBlank()));
    }

    @Test
    void idpValuesMapToGatewayRoles() {
        assertAll(
                () -> assertEquals(Set.of(BuiltInRoles.INTERNAL_USER), RICH.gatewayRoles(idp("basic_user"))),
                () -> assertEquals(Set.of("data_science"), RICH.gatewayRoles(idp("ds-team"))),
                () -> assertEquals(Set.of("data_science"), RICH.gatewayRoles(idp("data_science"))),
                () -> assertEquals(Set.of(BuiltInRoles.PROXY_ADMIN), RICH.gatewayRoles(idp("platform-ops"))),
                () -> assertEquals(Set.of(BuiltInRoles.INTERNAL_USER, "data_science", "fast_lane"),
                        RICH.gatewayRoles(idp("basic_user", "ds-team", "speedy", "unmapped"))),
                () -> assertEquals(Set.of(), RICH.gatewayRoles(idp("unmapped", "DS-TEAM"))));
    }

    @Test
    void oneIdpValueMayGrantSeveralGatewayRoles() {
        AccessPolicy policy = policy()
                .userAllowedRoles("employee")
                .role("readers")
                .map("employee", "readers")
                .map("employee", BuiltInRoles.TEAM)
                .build();

        assertEquals(Set.of(BuiltInRoles.INTERNAL_USER, "readers", BuiltInRoles.TEAM),
                policy.gatewayRoles(idp("employee")));
    }

    @Test
    void deniedDecisionsNameTheModelAndRoles() {
        AccessDecision denied = LITELLM_EXAMPLE.decide(Set.of(BuiltInRoles.INTERNAL_USER), "openai-gpt-4o");

        assertNull(denied.rule());
        assertTrue(denied.reason().contains("openai-gpt-4o"), denied.reason());
        assertTrue(denied.reason().contains(BuiltInRoles.INTERNAL_USER), denied.reason());
    }

    @Test
    void allowedRuleNamesRoleAndPatternAsWritten() {
        AccessDecision decision = RICH.decide(Set.of("data_science"), "openai/gpt-4o");

        assertEquals("data_science → openai/*", decision.rule());
        assertTrue(decision.reason().contains("data_science → openai/*"), decision.reason());
    }

    @Test
    void firstMatchingPatternOfARoleIsTheRule() {
        AccessPolicy policy = policy().permit(BuiltInRoles.TEAM, "gpt-*", "gpt-4o", "tag:x")
                .model("gpt-4o", "x").build();

        assertEquals("team → gpt-*", policy.decide(Set.of(BuiltInRoles.TEAM), "gpt-4o").rule());
    }

    @Test
    void allowedModelsAreSortedAndFiltered() {
        assertAll(
                () -> assertEquals(List.of("gpt-4o-mini", "openai/gpt-4o"),
                        names(RICH.allowedModels(Set.of("data_science")))),
                () -> assertEquals(List.of("claude-haiku", "gpt-4o-mini"),
                        names(RICH.allowedModels(Set.of("fast_lane")))),
                () -> assertEquals(List.of("anthropic-claude", "claude-haiku", "gpt-4o-mini"),
                        names(RICH.allowedModels(Set.of(BuiltInRoles.INTERNAL_USER, "fast_lane")))),
                () -> assertEquals(List.of("anthropic-claude", "claude-haiku", "gpt-4o-mini", "llama-70b",
                        "openai/gpt-4o"), names(RICH.allowedModels(Set.of(BuiltInRoles.PROXY_ADMIN)))),
                () -> assertEquals(List.of(), names(RICH.allowedModels(Set.of()))),
                () -> assertEquals(List.of("anthropic-claude"),
                        names(LITELLM_EXAMPLE.allowedModels(Set.of(BuiltInRoles.INTERNAL_USER)))),
                () -> assertEquals(List.of("anthropic-claude", "openai-gpt-4o"),
                        names(LITELLM_EXAMPLE_OPEN.allowedModels(Set.of(BuiltInRoles.INTERNAL_USER)))));
    }

    @Test
    void modelsAreListedByNameWithTheirTags() {
        assertEquals(List.of("anthropic-claude", "claude-haiku", "gpt-4o-mini", "llama-70b", "openai/gpt-4o"),
                names(RICH.models()));
        assertEquals(Set.of("fast", "cheap"), RICH.model("claude-haiku").orElseThrow().tags());
        assertTrue(RICH.model("gpt-5").isEmpty());
    }

    @Test
    void rolesPermittingNameWhatADeniedCallerWouldNeed() {
        assertAll(
                () -> assertEquals(Set.of(BuiltInRoles.PROXY_ADMIN, "data_science", "fast_lane", BuiltInRoles.TEAM),
                        RICH.rolesPermitting("gpt-4o-mini")),
                () -> assertEquals(Set.of(BuiltInRoles.PROXY_ADMIN, BuiltInRoles.INTERNAL_USER),
                        RICH.rolesPermitting("anthropic-claude")),
                () -> assertEquals(Set.of(BuiltInRoles.PROXY_ADMIN), RICH.rolesPermitting("llama-70b")),
                () -> assertEquals(Set.of(BuiltInRoles.PROXY_ADMIN, BuiltInRoles.INTERNAL_USER, BuiltInRoles.TEAM),
                        LITELLM_EXAMPLE_OPEN.rolesPermitting("openai-gpt-4o")));
    }

    @Test
    void idpRolesAreReadFromEveryClaimPath() {
        AccessPolicy policy = policy().claimPaths("roles", "realm_access.roles", "resource_access.\"my.app\".roles",
                "scp").build();
        Map<String, Object> claims = Map.of(
                "roles", List.of("a", "b"),
                "realm_access", Map.of("roles", List.of("b", "c")),
                "resource_access", Map.of("my.app", Map.of("roles", List.of("d"))),
                "scp", "e f");

        assertEquals(List.of("a", "b", "c", "d", "e", "f"), List.copyOf(policy.idpRoles(claims::get)));
    }

    @Test
    void idpRolesIgnoreAbsentPaths() {
        AccessPolicy policy = policy().claimPaths("roles", "realm_access.roles").build();

        assertEquals(Set.of("c"), policy.idpRoles(Map.<String, Object>of("realm_access",
                Map.of("roles", List.of("c")))::get));
        assertEquals(Set.of(), policy.idpRoles(name -> null));
    }

    @Test
    void ofSeveralRolesThatAllowAModelTheFirstByNameIsCreditedWhateverTheOrderTheyCameIn() {
        AccessPolicy policy = policy().role("zeta").role("alpha")
                .permit("zeta", "chat").permit("alpha", "chat").permit("team", "*").model("chat").build();
        java.util.LinkedHashSet<String> tokenOrder = new java.util.LinkedHashSet<>(List.of("zeta", "team", "alpha"));
        java.util.HashSet<String> hashOrder = new java.util.HashSet<>(List.of("team", "zeta", "alpha"));

        assertEquals("alpha", policy.decide(tokenOrder, "chat").grantedBy());
        assertEquals("alpha", policy.decide(hashOrder, "chat").grantedBy());
        assertEquals("alpha", policy.decide(policy.gatewayRoles(List.of("zeta", "team", "alpha")), "chat").grantedBy());
        assertEquals("team", policy.decide(Set.of("zeta", "team"), "chat").grantedBy(), "team sorts before zeta");
        assertEquals(List.of("alpha", "team", "zeta"), List.copyOf(policy.gatewayRoles(List.of("zeta", "team", "alpha"))),
                "gateway roles come sorted by name");
    }

    @Test
    void withRbacOffTheFirstRoleByNameIsCredited() {
        AccessPolicy policy = policy().enforceRbac(false).role("zeta").role("alpha").model("chat").build();

        assertEquals("alpha", policy.decide(new java.util.LinkedHashSet<>(List.of("zeta", "alpha")), "chat").grantedBy());
    }

    private static List<String> names(List<ModelRef> models) {
        return models.stream().map(ModelRef::name).toList();
    }
}
