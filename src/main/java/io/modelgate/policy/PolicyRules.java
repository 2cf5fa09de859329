package io.modelgate.policy;

import io.modelgate.access.BuiltInRoles;
import io.modelgate.access.McpPattern;
import io.modelgate.access.ModelPattern;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules that concern a policy as a whole rather than one field — names declared once, references that
 * resolve, grants that match something — checked on every write (bootstrap, import, each admin change), so
 * whatever is stored can be exported and imported again unchanged. Each problem names the object it is in and
 * the path inside it; every way into the policy (a config file, the admin API) turns that into its own path.
 */
public final class PolicyRules {

    /** An object of the policy: its kind and its index in the document's list of that kind. */
    public record Place(PolicyObject kind, int index, ObjectPath path) {
    }

    /** A problem with the policy, at a place in it. */
    public record Violation(Place place, String message) {
    }

    private PolicyRules() {
    }

    /** Every rule the document breaks. Tolerates objects whose fields are invalid: those are reported by their fields. */
    public static List<Violation> check(PolicyDocument document) {
        List<Violation> violations = new ArrayList<>();
        Set<String> roles = document.gatewayRoleNames();
        Set<String> declared = new HashSet<>();
        for (int i = 0; i < document.roles().size(); i++) {
            String name = document.roles().get(i).name();
            if (name == null) {
                continue;
            }
            if (BuiltInRoles.ALL.contains(name)) {
                violations.add(at(PolicyObject.ROLE, i, "'" + name + "' is a built-in role and need not be declared", "name"));
            } else if (!declared.add(name)) {
                violations.add(at(PolicyObject.ROLE, i, "role '" + name + "' is declared twice", "name"));
            }
        }
        for (int i = 0; i < document.roleMappings().size(); i++) {
            List<String> granted = document.roleMappings().get(i).gatewayRoles();
            for (int j = 0; j < granted.size(); j++) {
                if (granted.get(j) != null && !roles.contains(granted.get(j))) {
                    violations.add(at(PolicyObject.ROLE_MAPPING, i, unknownRole(granted.get(j), roles), "gateway_roles", j));
                }
            }
        }
        for (int i = 0; i < document.permissions().size(); i++) {
            String role = document.permissions().get(i).role();
            if (role != null && !roles.contains(role)) {
                violations.add(at(PolicyObject.PERMISSION, i, unknownRole(role, roles), "role"));
            }
        }
        Set<String> limits = new HashSet<>();
        for (int i = 0; i < document.limits().size(); i++) {
            Limit limit = document.limits().get(i);
            if (limit.name() != null && !limits.add(limit.name())) {
                violations.add(at(PolicyObject.LIMIT, i, "limit '" + limit.name() + "' is declared twice", "name"));
            }
            if (limit.role() != null && !roles.contains(limit.role())) {
                violations.add(at(PolicyObject.LIMIT, i, unknownRole(limit.role(), roles), "role"));
            }
        }
        Set<String> credentials = new HashSet<>();
        Set<String> exchanging = new HashSet<>(); // trade callers' tokens: for MCP servers only
        for (int i = 0; i < document.credentials().size(); i++) {
            String name = document.credentials().get(i).credentialName();
            if (name != null && !credentials.add(name)) {
                violations.add(at(PolicyObject.CREDENTIAL, i, "credential '" + name + "' is declared twice", "credential_name"));
            }
            if (name != null && document.credentials().get(i).credentialValues() instanceof CredentialValues.TokenExchange) {
                exchanging.add(name);
            }
        }
        Set<String> models = new HashSet<>();
        for (int i = 0; i < document.models().size(); i++) {
            Model model = document.models().get(i);
            if (model.modelName() != null && !models.add(model.modelName())) {
                violations.add(at(PolicyObject.MODEL, i, "model '" + model.modelName() + "' is declared twice", "model_name"));
            }
            checkDeployments(model, i, credentials, exchanging, violations);
        }
        Set<String> servers = new HashSet<>();
        for (int i = 0; i < document.mcpServers().size(); i++) {
            McpServer server = document.mcpServers().get(i);
            String nameProblem = server.serverName() == null ? null : McpServer.nameProblem(server.serverName());
            if (nameProblem != null) {
                violations.add(at(PolicyObject.MCP_SERVER, i, nameProblem, "server_name"));
            }
            if (server.urlProblem() != null) {
                violations.add(at(PolicyObject.MCP_SERVER, i, server.urlProblem(), "url"));
            }
            if (server.serverName() != null && !servers.add(server.serverName())) {
                violations.add(at(PolicyObject.MCP_SERVER, i, "MCP server '" + server.serverName() + "' is declared twice", "server_name"));
            }
            if (server.credentialName() != null && !credentials.contains(server.credentialName())) {
                violations.add(at(PolicyObject.MCP_SERVER, i, "no credential named '" + server.credentialName() + "' in credential_list",
                        "credential_name"));
            }
        }
        return violations;
    }

    private static void checkDeployments(Model model, int index, Set<String> credentials, Set<String> exchanging,
            List<Violation> violations) {
        List<DeploymentParams> seen = new ArrayList<>();
        Set<Provider> kinds = new LinkedHashSet<>();
        List<Set<Api>> spoken = new ArrayList<>();
        for (int j = 0; j < model.deployments().size(); j++) {
            DeploymentParams deployment = model.deployments().get(j);
            if (deployment == null || deployment.model() == null || Syntax.PROVIDER_MODEL.problem(deployment.model()) != null) {
                continue;
            }
            DeploymentParams normal = deployment.normalised();
            kinds.add(normal.provider());
            spoken.add(normal.spokenApis());
            if (seen.contains(normal)) {
                violations.add(at(PolicyObject.MODEL, index, "model '" + model.modelName() + "' lists the same deployment ("
                        + normal.model() + ") twice", "deployments", j));
            }
            seen.add(normal);
            String credential = deployment.litellmCredentialName();
            if (credential != null && !credentials.contains(credential)) {
                violations.add(at(PolicyObject.MODEL, index, "no credential named '" + credential + "' in credential_list",
                        "deployments", j, "litellm_credential_name"));
            }
            if (credential != null && exchanging.contains(credential)) {
                violations.add(at(PolicyObject.MODEL, index, "credential '" + credential + "' exchanges callers' tokens"
                        + " (oauth2_token_exchange), which serves MCP servers only", "deployments", j, "litellm_credential_name"));
            }
        }
        if (!kinds.isEmpty() && Api.servedBy(spoken, model.mode()).isEmpty()) {
            String speakers = kinds.stream().map(k -> k.prefix() + "/").collect(java.util.stream.Collectors.joining(" and "));
            violations.add(model.mode() == null
                    ? at(PolicyObject.MODEL, index, "its " + speakers + " deployments speak no API in common, so no call could fail over"
                            + " between them; give the model deployments of one family")
                    : at(PolicyObject.MODEL, index, "mode '" + model.mode().configName() + "' is not served by " + speakers
                            + " deployments", "mode"));
        }
    }

    /**
     * Grants a change adds that match no model (most likely a typo). Grants the policy already had are left
     * alone: a LiteLLM file may grant models yet to come, and exporting and importing a policy must give it back.
     */
    public static List<Violation> checkChange(PolicyDocument before, PolicyDocument after) {
        Set<List<String>> existing = new HashSet<>();
        before.permissions().forEach(p -> p.models().forEach(pattern -> existing.add(List.of(p.role(), pattern))));
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < after.permissions().size(); i++) {
            Permission permission = after.permissions().get(i);
            List<String> patterns = permission.models();
            Set<String> reported = new LinkedHashSet<>();
            for (int j = 0; j < patterns.size(); j++) {
                String pattern = patterns.get(j);
                if (pattern == null || "*".equals(pattern) || existing.contains(List.of(String.valueOf(permission.role()), pattern))
                        || Syntax.MODEL_PATTERN.problem(pattern) != null || !reported.add(pattern)) {
                    continue;
                }
                ModelPattern parsed = ModelPattern.parse(pattern);
                if (after.models().stream().noneMatch(m -> m.modelName() != null && parsed.matches(m.modelName(), m.allTags()))) {
                    violations.add(at(PolicyObject.PERMISSION, i, "'" + pattern + "' of role '" + permission.role()
                            + "' matches no model (check the spelling, or add the model first)", "models", j));
                }
            }
        }
        checkMcpGrants(before, after, violations);
        return violations;
    }

    /** MCP grants a change adds whose server does not exist ({@code *} and grants the policy had are left alone). */
    private static void checkMcpGrants(PolicyDocument before, PolicyDocument after, List<Violation> violations) {
        Set<List<String>> existing = new HashSet<>();
        before.permissions().forEach(p -> p.mcp().forEach(grant -> existing.add(List.of(String.valueOf(p.role()), grant))));
        Set<String> servers = new HashSet<>();
        after.mcpServers().forEach(server -> servers.add(server.serverName()));
        for (int i = 0; i < after.permissions().size(); i++) {
            Permission permission = after.permissions().get(i);
            for (int j = 0; j < permission.mcp().size(); j++) {
                String grant = permission.mcp().get(j);
                if (grant == null || Syntax.MCP_PATTERN.problem(grant) != null
                        || existing.contains(List.of(String.valueOf(permission.role()), grant))) {
                    continue;
                }
                McpPattern parsed = McpPattern.parse(grant);
                if (!"*".equals(parsed.server()) && !servers.contains(parsed.server())) {
                    violations.add(at(PolicyObject.PERMISSION, i, "'" + grant + "' of role '" + permission.role()
                            + "' names no MCP server (check the spelling, or add the server first)", "mcp", j));
                }
            }
        }
    }

    private static String unknownRole(String role, Set<String> known) {
        return "unknown gateway role '" + role + "'; known roles are " + known + " (declare others under modelgate.roles)";
    }

    private static Violation at(PolicyObject kind, int index, String message, Object... path) {
        return new Violation(new Place(kind, index, ObjectPath.of(path)), message);
    }
}
