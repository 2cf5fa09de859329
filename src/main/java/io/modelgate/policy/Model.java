package io.modelgate.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A model callers name in {@code "model"}, with the deployments that serve it (load-balanced by weight, each a
 * fail-over candidate). In a LiteLLM config it is every {@code model_list} entry sharing its {@code model_name},
 * its description, tags and mode from their {@code model_info}.
 *
 * @param mode what kind of model it is (LiteLLM's {@code model_info.mode}); null: whatever its upstreams speak
 * @param inputCostPerToken US dollars per input token (LiteLLM's {@code model_info} price names); a deployment's own
 *        {@code litellm_params} prices, where given, take precedence for its calls
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Model(
        @NotBlank(message = "is required") String modelName,
        String description,
        List<@NotBlank(message = "must be a non-empty string") String> tags,
        ModelMode mode,
        @DecimalMin(value = "0", message = PRICE) BigDecimal inputCostPerToken,
        @DecimalMin(value = "0", message = PRICE) BigDecimal outputCostPerToken,
        @DecimalMin(value = "0", message = PRICE) BigDecimal cacheReadInputTokenCost,
        @DecimalMin(value = "0", message = PRICE) BigDecimal cacheCreationInputTokenCost,
        @NotEmpty(message = "at least one deployment is required") List<@Valid DeploymentParams> deployments) {

    public static final String PRICE = "must be a price in US dollars per token, 0 or more";

    public Model {
        tags = PolicyLists.copy(tags);
        deployments = PolicyLists.copy(deployments);
    }

    public Model withDeployments(List<DeploymentParams> deployments) {
        return new Model(modelName, description, tags, mode, inputCostPerToken, outputCostPerToken, cacheReadInputTokenCost,
                cacheCreationInputTokenCost, deployments);
    }

    /** Whether any price is given. */
    public boolean priced() {
        return inputCostPerToken != null || outputCostPerToken != null || cacheReadInputTokenCost != null
                || cacheCreationInputTokenCost != null;
    }

    /** The tags {@code tag:} permissions match: the model's own, then its deployments'. */
    public Set<String> allTags() {
        Set<String> all = new LinkedHashSet<>(tags);
        deployments.forEach(d -> {
            if (d != null && d.tags() != null) {
                all.addAll(d.tags());
            }
        });
        return all;
    }
}
