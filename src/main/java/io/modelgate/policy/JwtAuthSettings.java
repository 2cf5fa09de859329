package io.modelgate.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;

import java.util.List;

/**
 * LiteLLM's {@code general_settings.litellm_jwtauth}, the part Modelgate uses: where roles sit in the token
 * ({@code user_roles_jwt_field}: one or more claim paths, united), which IdP role values grant
 * {@code internal_user} ({@code user_allowed_roles}) and whether permissions are enforced ({@code enforce_rbac}).
 * What is not given takes its default here, once: roles in {@code roles}, nobody allowed, RBAC enforced.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JwtAuthSettings(
        List<@NotBlank(message = "must be a non-empty string") @PolicySyntax(Syntax.ROLE_CLAIM_PATH) String> userRolesJwtField,
        List<@NotBlank(message = "must be a non-empty string") String> userAllowedRoles,
        Boolean enforceRbac) {

    public static final String DEFAULT_ROLE_CLAIM_PATH = "roles";

    public JwtAuthSettings {
        userRolesJwtField = userRolesJwtField == null || userRolesJwtField.isEmpty() ? List.of(DEFAULT_ROLE_CLAIM_PATH)
                : PolicyLists.copy(userRolesJwtField);
        userAllowedRoles = PolicyLists.copy(userAllowedRoles);
        enforceRbac = enforceRbac == null || enforceRbac;
    }

    /** What applies before an operator has said anything. */
    public static JwtAuthSettings defaults() {
        return new JwtAuthSettings(null, null, null);
    }
}
