package io.modelgate.litellm;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.modelgate.policy.Credential;
import io.modelgate.policy.DeploymentParams;
import io.modelgate.policy.GatewayRole;
import io.modelgate.policy.JwtAuthSettings;
import io.modelgate.policy.Limit;
import io.modelgate.policy.Model;
import io.modelgate.policy.ModelMode;
import io.modelgate.policy.ModelgateOwned;
import io.modelgate.policy.Permission;
import io.modelgate.policy.RoleMapping;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.math.BigDecimal;
import java.util.List;

/**
 * A LiteLLM proxy config file, the parts of it Modelgate reads, where LiteLLM keeps them. The objects inside are
 * the policy's own records; only the file's arrangement is LiteLLM's: a model is one {@code model_list} entry per
 * deployment, {@code role_permissions} may sit under {@code general_settings} or at the top level, and Modelgate's
 * additions live under {@code modelgate}. Other LiteLLM keys are accepted and reported as ignored.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiteLlmConfig(@Valid GeneralSettings generalSettings, List<@Valid Permission> rolePermissions, @Valid Extensions modelgate,
        List<@Valid Credential> credentialList, List<@Valid ModelListEntry> modelList) {

    /** {@code general_settings}: JWT auth and role permissions. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GeneralSettings(@Valid JwtAuthSettings litellmJwtauth, List<@Valid Permission> rolePermissions) {
    }

    /** One {@code model_list} entry: a deployment of the model it names ({@code model} is accepted for {@code model_name}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelListEntry(@JsonAlias("model") @NotBlank(message = "is required") String modelName,
            @NotNull(message = "is required") @Valid DeploymentParams litellmParams, @Valid ModelInfo modelInfo) {
    }

    /** {@code model_info}: what callers are told of a model, its tags, what kind of model it is, and its prices. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelInfo(String description, List<@NotBlank(message = "must be a non-empty string") String> tags,
            ModelMode mode,
            @DecimalMin(value = "0", message = Model.PRICE) BigDecimal inputCostPerToken,
            @DecimalMin(value = "0", message = Model.PRICE) BigDecimal outputCostPerToken,
            @DecimalMin(value = "0", message = Model.PRICE) BigDecimal cacheReadInputTokenCost,
            @DecimalMin(value = "0", message = Model.PRICE) BigDecimal cacheCreationInputTokenCost) {
    }

    /** {@code modelgate}: gateway roles beyond the built-in ones, IdP role values mapped to gateway roles, and limits. */
    @ModelgateOwned
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Extensions(List<@Valid GatewayRole> roles, List<@Valid RoleMapping> roleMappings, List<@Valid Limit> limits) {
    }
}
