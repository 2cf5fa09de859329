package io.modelgate.catalog;

import io.modelgate.access.GatewayRoles;
import io.modelgate.access.RoleMapping;
import io.modelgate.upstream.credential.UpstreamCredential;
import io.modelgate.upstream.MockBehaviour;
import io.modelgate.upstream.UpstreamKind;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A whole policy as data, independent of where it came from (a LiteLLM config, the admin API) or
 * where it goes (the database, an export). Secrets appear only as references.
 */
public record PolicyDocument(Settings settings, List<RoleSpec> roles, List<RoleMapping> mappings,
        List<PermissionSpec> permissions, List<UpstreamCredential> credentials, List<ModelSpec> models) {

    public PolicyDocument {
        roles = List.copyOf(roles);
        credentials = List.copyOf(credentials);
        mappings = List.copyOf(mappings);
        permissions = List.copyOf(permissions);
        models = List.copyOf(models);
    }

    /** Every gateway role of the policy, built-in and declared, sorted by name. */
    public SortedSet<String> gatewayRoleNames() {
        SortedSet<String> names = new TreeSet<>(GatewayRoles.BUILTIN);
        roles.forEach(role -> names.add(role.name()));
        return names;
    }

    /** {@code user_roles_jwt_field} (one or more paths), {@code user_allowed_roles}, {@code enforce_rbac}. */
    public record Settings(List<String> roleClaimPaths, List<String> userAllowedRoles, boolean enforceRbac) {
        public Settings {
            roleClaimPaths = List.copyOf(roleClaimPaths);
            userAllowedRoles = List.copyOf(userAllowedRoles);
        }
    }

    /** A gateway role defined by the operator (built-in roles need not be listed). */
    public record RoleSpec(String name, String description) {
    }

    /** LiteLLM's {@code role_permissions} entry: a role and the model patterns it may use. */
    public record PermissionSpec(String role, List<String> models) {
        public PermissionSpec {
            models = List.copyOf(models);
        }
    }

    public record ModelSpec(String name, String description, List<String> tags, List<DeploymentSpec> deployments) {
        public ModelSpec {
            tags = List.copyOf(tags);
            deployments = List.copyOf(deployments);
        }
    }

    /**
     * One deployment of a model.
     *
     * @param baseUrl     null means "the configured default base URL" for {@code openai}
     * @param apiKeyRef   {@code os.environ/NAME} or null
     * @param credentialName a credential of the document's {@code credentials} ({@code litellm_credential_name}), or null
     * @param extraParams further {@code litellm_params} kept verbatim so an export loses nothing
     */
    public record DeploymentSpec(UpstreamKind kind, String baseUrl, String upstreamModel, String apiKeyRef, String credentialName,
            String apiVersion, int weight, Integer connectTimeoutMs, Integer readTimeoutMs, MockBehaviour mock,
            Map<String, Object> extraParams) {
        public DeploymentSpec {
            extraParams = Map.copyOf(extraParams);
        }
    }
}
