package io.modelgate.policy;

import io.modelgate.access.BuiltInRoles;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A whole policy as typed objects, whatever it came from (a LiteLLM config, the admin API, the database) or
 * goes to (the database, an export, a snapshot). Each kind of object is a list in the policy's order, keyed by
 * its name: one model per {@code model_name}, one permission per role, one mapping per IdP value, one limit per
 * name, one MCP server per {@code server_name}. Secrets appear
 * only as references.
 */
public record PolicyDocument(JwtAuthSettings settings, List<GatewayRole> roles, List<RoleMapping> roleMappings,
        List<Permission> permissions, List<Credential> credentials, List<Model> models, List<Limit> limits,
        List<McpServer> mcpServers) {

    public PolicyDocument {
        settings = settings == null ? JwtAuthSettings.defaults() : settings;
        roles = PolicyLists.copy(roles);
        roleMappings = PolicyLists.copy(roleMappings);
        permissions = PolicyLists.copy(permissions);
        credentials = PolicyLists.copy(credentials);
        models = PolicyLists.copy(models);
        limits = PolicyLists.copy(limits);
        mcpServers = PolicyLists.copy(mcpServers);
    }

    /** The policy before anything has been written: default settings, nothing else. */
    public static PolicyDocument empty() {
        return new PolicyDocument(null, null, null, null, null, null, null, null);
    }

    /** Every gateway role of the policy, built-in and declared, sorted by name. */
    public SortedSet<String> gatewayRoleNames() {
        SortedSet<String> names = new TreeSet<>(BuiltInRoles.ALL);
        roles.forEach(role -> names.add(role.name()));
        return names;
    }

    public PolicyDocument withSettings(JwtAuthSettings settings) {
        return new PolicyDocument(settings, roles, roleMappings, permissions, credentials, models, limits, mcpServers);
    }

    public PolicyDocument withRoles(List<GatewayRole> roles) {
        return new PolicyDocument(settings, roles, roleMappings, permissions, credentials, models, limits, mcpServers);
    }

    public PolicyDocument withRoleMappings(List<RoleMapping> roleMappings) {
        return new PolicyDocument(settings, roles, roleMappings, permissions, credentials, models, limits, mcpServers);
    }

    public PolicyDocument withPermissions(List<Permission> permissions) {
        return new PolicyDocument(settings, roles, roleMappings, permissions, credentials, models, limits, mcpServers);
    }

    public PolicyDocument withCredentials(List<Credential> credentials) {
        return new PolicyDocument(settings, roles, roleMappings, permissions, credentials, models, limits, mcpServers);
    }

    public PolicyDocument withLimits(List<Limit> limits) {
        return new PolicyDocument(settings, roles, roleMappings, permissions, credentials, models, limits, mcpServers);
    }

    public PolicyDocument withModels(List<Model> models) {
        return new PolicyDocument(settings, roles, roleMappings, permissions, credentials, models, limits, mcpServers);
    }

    public PolicyDocument withMcpServers(List<McpServer> mcpServers) {
        return new PolicyDocument(settings, roles, roleMappings, permissions, credentials, models, limits, mcpServers);
    }
}
