package io.modelgate.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** A gateway role an operator defines under {@code modelgate.roles} (the built-in roles need not be declared). */
@ModelgateOwned
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayRole(
        @NotBlank(message = "is required") @Pattern(regexp = PolicyNames.PATTERN, message = PolicyNames.MESSAGE) String name,
        String description) {
}
