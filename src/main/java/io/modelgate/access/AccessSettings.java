package io.modelgate.access;

import java.util.List;
import java.util.Set;

/**
 * The caller-facing access settings, in LiteLLM's terms: where roles sit in the token
 * ({@code user_roles_jwt_field}; several paths are read and united), which IdP role values grant
 * {@code internal_user} ({@code user_allowed_roles}) and whether permissions are enforced
 * ({@code enforce_rbac}).
 */
public record AccessSettings(List<RoleClaimPath> roleClaimPaths, Set<String> userAllowedRoles, boolean enforceRbac) {

    public AccessSettings {
        roleClaimPaths = List.copyOf(roleClaimPaths);
        userAllowedRoles = Set.copyOf(userAllowedRoles);
        if (roleClaimPaths.isEmpty()) {
            throw new IllegalArgumentException("at least one roles claim path is needed");
        }
    }
}
