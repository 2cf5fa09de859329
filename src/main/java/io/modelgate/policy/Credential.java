package io.modelgate.policy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * An upstream credential in LiteLLM's {@code credential_list} item shape, referenced from a deployment by
 * {@code litellm_credential_name}: how Modelgate authenticates its own calls to an upstream.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Credential(
        @NotBlank(message = "is required") @Pattern(regexp = PolicyNames.PATTERN, message = PolicyNames.MESSAGE) String credentialName,
        @NotNull(message = "is required") @Valid CredentialValues credentialValues) {
}
