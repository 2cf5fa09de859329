package io.modelgate.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;

import java.util.List;

/**
 * LiteLLM's {@code role_permissions} entry: a gateway role, the models it may use (exact, wildcard or {@code tag:}) and
 * the MCP servers and tools it may use ({@code mcp}: {@code wiki} or {@code wiki/*} for a whole server, {@code jira/get_*}
 * for some of its tools, {@code *} for every server).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Permission(
        @NotBlank(message = "is required") String role,
        List<@NotBlank(message = "must be a non-empty string") @PolicySyntax(Syntax.MODEL_PATTERN) String> models,
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<@NotBlank(message = "must be a non-empty string") @PolicySyntax(Syntax.MCP_PATTERN) String> mcp) {

    public Permission {
        models = PolicyLists.copy(models);
        mcp = PolicyLists.copy(mcp);
    }

    /** A permission of models alone. */
    public Permission(String role, List<String> models) {
        this(role, models, List.of());
    }

    public Permission withModels(List<String> models) {
        return new Permission(role, models, mcp);
    }

    public Permission withMcp(List<String> mcp) {
        return new Permission(role, models, mcp);
    }

    /** Whether it grants nothing at all. */
    public boolean grantsNothing() {
        return models.isEmpty() && mcp.isEmpty();
    }
}
