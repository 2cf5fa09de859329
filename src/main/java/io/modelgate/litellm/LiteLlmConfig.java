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
import io.modelgate.policy.McpServer;
import io.modelgate.policy.Model;
import io.modelgate.policy.ModelMode;
import io.modelgate.policy.ModelgateOwned;
import io.modelgate.policy.Permission;
import io.modelgate.policy.RoleMapping;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import io.modelgate.policy.validation.HttpUrl;
import io.modelgate.policy.validation.SecretReference;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A LiteLLM proxy config file, the parts of it Modelgate reads, where LiteLLM keeps them. The objects inside are
 * the policy's own records; only the file's arrangement is LiteLLM's: a model is one {@code model_list} entry per
 * deployment, {@code role_permissions} may sit under {@code general_settings} or at the top level, and Modelgate's
 * additions live under {@code modelgate}. Other LiteLLM keys are accepted and reported as ignored.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiteLlmConfig(@Valid GeneralSettings generalSettings, List<@Valid Permission> rolePermissions, @Valid Extensions modelgate,
        List<@Valid Credential> credentialList, List<@Valid ModelListEntry> modelList, Map<String, @Valid McpServerEntry> mcpServers) {

    /**
     * One {@code mcp_servers} entry, under its server's name: the server as the policy keeps it, or with LiteLLM's own
     * {@code auth_type} and {@code authentication_token} (a key the gateway sends; imported as a credential of its own,
     * {@code mcp-<server>}, in {@code credential_list}).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record McpServerEntry(@HttpUrl String url, String description, McpServer.McpTransport transport,
            String credentialName, @Pattern(regexp = "[A-Za-z0-9-]+", message = "must be an HTTP header name") String authHeader,
            @DecimalMin(value = "0", inclusive = false, message = "must be a number of seconds greater than 0") BigDecimal timeout,
            List<@NotBlank(message = McpServer.TOOL_MESSAGE) @Pattern(regexp = McpServer.TOOL, message = McpServer.TOOL_MESSAGE) String> allowedTools,
            List<@NotBlank(message = McpServer.TOOL_MESSAGE) @Pattern(regexp = McpServer.TOOL, message = McpServer.TOOL_MESSAGE) String> disallowedTools,
            LiteLlmAuthType authType, @SecretReference String authenticationToken) {

        static McpServerEntry of(McpServer server) {
            return new McpServerEntry(server.url(), server.description(), server.transport(), server.credentialName(), server.authHeader(),
                    server.timeout(), server.allowedTools(), server.disallowedTools(), null, null);
        }

        McpServer toServer(String name, String credential, String header) {
            return new McpServer(name, url, description, transport, credential, header, timeout, allowedTools, disallowedTools);
        }
    }

    /** LiteLLM's {@code auth_type} of an MCP server: where its {@code authentication_token} travels. */
    public enum LiteLlmAuthType {
        @JsonProperty("none") NONE(null),
        @JsonProperty("api_key") API_KEY("X-API-Key"),
        @JsonProperty("bearer_token") BEARER_TOKEN(null),
        @JsonProperty("authorization") AUTHORIZATION(null);

        /** The header the token goes in; null: {@code Authorization: Bearer}. */
        final String header;

        LiteLlmAuthType(String header) {
            this.header = header;
        }
    }

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
