package io.modelgate.policy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;

import java.util.List;

/** LiteLLM's {@code role_permissions} entry: a gateway role and the models it may use (exact, wildcard or {@code tag:}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Permission(
        @NotBlank(message = "is required") String role,
        List<@NotBlank(message = "must be a non-empty string") @PolicySyntax(Syntax.MODEL_PATTERN) String> models) {

    public Permission {
        models = PolicyLists.copy(models);
    }
}
