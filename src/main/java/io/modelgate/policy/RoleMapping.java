package io.modelgate.policy;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.util.List;

/**
 * An IdP role value (as found at the roles claim path) and the gateway roles it grants. A config file may
 * name one gateway role per entry ({@code gateway_role}); entries for the same value are one mapping.
 */
@ModelgateOwned
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RoleMapping(
        @NotBlank(message = "is required") String idpRole,
        @JsonAlias("gateway_role") @NotEmpty(message = "is required")
        List<@NotBlank(message = "must be a non-empty string") String> gatewayRoles) {

    public RoleMapping {
        gatewayRoles = PolicyLists.copy(gatewayRoles);
    }
}
