package io.modelgate.control;

import io.modelgate.access.BuiltInRoles;
import io.modelgate.access.McpPattern;
import io.modelgate.policy.JwtAuthSettings;
import io.modelgate.policy.Permission;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.policy.RoleMapping;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Every change an operator can make, as a pure function from one policy document to the next. The service
 * applies them under the policy lock; what they produce is validated as a whole before it is stored.
 */
public final class PolicyEdits {

    private PolicyEdits() {
    }

    /** Puts an object in place of the one of its name, or adds it at the end. */
    public static <T> UnaryOperator<PolicyDocument> put(PolicyKind<T> kind, T object) {
        return doc -> kind.put(doc, object);
    }

    public static UnaryOperator<PolicyDocument> putSettings(JwtAuthSettings settings) {
        return put(PolicyKind.SETTINGS, settings);
    }

    /**
     * Removes an object with what only it gave meaning to: a model takes the grants naming it exactly (wildcard
     * and tag rules stay), an MCP server the grants of it ({@code wiki}, {@code wiki/*}, {@code wiki/search}; {@code *}
     * stays); a role takes its permission and the mappings' grants of it. Built-in roles stay.
     */
    public static UnaryOperator<PolicyDocument> remove(PolicyKind<?> kind, String key) {
        if (kind == PolicyKind.MODELS) {
            return doc -> PolicyKind.MODELS.remove(doc, key).withPermissions(doc.permissions().stream()
                    .map(p -> p.withModels(p.models().stream().filter(pattern -> !pattern.equals(key)).toList()))
                    .filter(p -> !p.grantsNothing()).toList());
        }
        if (kind == PolicyKind.MCP_SERVERS) {
            return doc -> PolicyKind.MCP_SERVERS.remove(doc, key).withPermissions(doc.permissions().stream()
                    .map(p -> p.withMcp(p.mcp().stream().filter(grant -> !key.equals(McpPattern.parse(grant).server())).toList()))
                    .filter(p -> !p.grantsNothing()).toList());
        }
        if (kind == PolicyKind.ROLES) {
            if (BuiltInRoles.ALL.contains(key)) {
                throw new PolicyValidationException("name", "'" + key + "' is a built-in role and cannot be deleted");
            }
            return doc -> PolicyKind.ROLES.remove(doc, key)
                    .withPermissions(doc.permissions().stream().filter(p -> !key.equals(p.role())).toList())
                    .withRoleMappings(doc.roleMappings().stream()
                            .map(m -> new RoleMapping(m.idpRole(), m.gatewayRoles().stream().filter(r -> !key.equals(r)).toList()))
                            .filter(m -> !m.gatewayRoles().isEmpty()).toList());
        }
        return doc -> kind.remove(doc, key);
    }

    /** Sets the model patterns and MCP grants of a role; neither left removes its permission. */
    public static UnaryOperator<PolicyDocument> putPermission(String role, List<String> patterns, List<String> mcp) {
        Permission permission = new Permission(role, List.copyOf(new LinkedHashSet<>(patterns)), List.copyOf(new LinkedHashSet<>(mcp)));
        return permission.grantsNothing() ? remove(PolicyKind.PERMISSIONS, role) : put(PolicyKind.PERMISSIONS, permission);
    }

    /** Sets the model patterns of a role, keeping its MCP grants; neither left removes its permission. */
    public static UnaryOperator<PolicyDocument> putPermission(String role, List<String> patterns) {
        return doc -> putPermission(role, patterns, PolicyKind.PERMISSIONS.find(doc, role).map(Permission::mcp).orElse(List.of())).apply(doc);
    }

    /** Sets the gateway roles an IdP role value maps to; none removes the mapping. */
    public static UnaryOperator<PolicyDocument> putMapping(String idpRole, Set<String> gatewayRoles) {
        return gatewayRoles.isEmpty() ? remove(PolicyKind.ROLE_MAPPINGS, idpRole)
                : put(PolicyKind.ROLE_MAPPINGS, new RoleMapping(idpRole, List.copyOf(gatewayRoles)));
    }

    /** Adds one gateway role to what an IdP role value maps to, keeping the others it already grants. */
    public static UnaryOperator<PolicyDocument> addMapping(String idpRole, String gatewayRole) {
        return doc -> {
            Set<String> roles = new LinkedHashSet<>(PolicyKind.ROLE_MAPPINGS.find(doc, idpRole).map(RoleMapping::gatewayRoles).orElse(List.of()));
            roles.add(Objects.requireNonNullElse(gatewayRole, ""));
            return putMapping(idpRole, roles).apply(doc);
        };
    }
}
