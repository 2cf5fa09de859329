package io.modelgate.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.modelgate.policy.validation.HttpUrl;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * An upstream MCP server the gateway's {@code /mcp} endpoints reach (LiteLLM's {@code mcp_servers} entry): where it
 * is, how the gateway authenticates to it (a credential of the policy's {@code credential_list}, never the caller's
 * token), and which of its tools it offers at all ({@code allowed_tools}, {@code disallowed_tools}; a role's grants
 * then narrow that per caller).
 *
 * @param serverName      the name callers see: its endpoint {@code /mcp/<name>}, the prefix of its tools on {@code /mcp}
 *                        ({@code <name>__<tool>}), the first part of a grant ({@code wiki/*})
 * @param url             the server's MCP endpoint ({@code https://wiki.example.com/mcp}); not for {@code mock}
 * @param transport       {@code streamable_http} (LiteLLM's {@code http}; the default), or {@code mock}: Modelgate's
 *                        built-in MCP server with a few tools, for dev mode and tests. The deprecated HTTP+SSE
 *                        transport and stdio are not reached through a gateway.
 * @param credentialName  a credential of {@code credential_list}: a key, or OAuth2 / Azure AD tokens the gateway obtains
 * @param authHeader      the header a static key travels in ({@code Authorization: Bearer <key>} when absent); tokens
 *                        always go in {@code Authorization}
 * @param timeout         seconds an upstream call may take, its whole answer (an SSE answer: between events) (60)
 * @param allowedTools    when given, the only tools of the server offered to anyone
 * @param disallowedTools tools of the server offered to no one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record McpServer(
        @NotBlank(message = "is required") String serverName,
        @HttpUrl String url,
        String description,
        McpTransport transport,
        String credentialName,
        @Pattern(regexp = "[A-Za-z0-9-]+", message = "must be an HTTP header name") String authHeader,
        @DecimalMin(value = "0", inclusive = false, message = DeploymentParams.SECONDS)
        @DecimalMax(value = "86400", message = DeploymentParams.SECONDS) BigDecimal timeout,
        List<@NotBlank(message = TOOL_MESSAGE) @Pattern(regexp = TOOL, message = TOOL_MESSAGE) String> allowedTools,
        List<@NotBlank(message = TOOL_MESSAGE) @Pattern(regexp = TOOL, message = TOOL_MESSAGE) String> disallowedTools) {

    /**
     * Letters and digits, single {@code _} or {@code -} between them: a name never holds {@link #TOOL_SEPARATOR} nor
     * ends in {@code _}, so a prefixed tool name splits at its first {@code __}, whatever the tool's own name holds.
     */
    public static final String NAME = "[A-Za-z0-9]+([_-][A-Za-z0-9]+)*";
    /** Between a server's name and its tool's on the aggregate endpoint: within the characters MCP allows in tool names. */
    public static final String TOOL_SEPARATOR = "__";
    /** A tool's name as MCP allows it, or a pattern of such names with {@code *}. */
    public static final String TOOL = "[A-Za-z0-9_.*-]+";
    public static final String TOOL_MESSAGE = "must be a tool name, or a pattern of names with * (letters, digits, _ . - and *)";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public McpServer {
        allowedTools = allowedTools == null ? null : PolicyLists.copy(allowedTools);
        disallowedTools = disallowedTools == null ? null : PolicyLists.copy(disallowedTools);
    }

    /** What is wrong with the server's name, or null: names come from URLs and config keys, so they are checked here. */
    public static String nameProblem(String name) {
        if (name.length() > 48) {
            return "must be at most 48 characters";
        }
        return name.matches(NAME) ? null : "may contain only letters and digits, with single _ or - between them";
    }

    /** What is wrong with the URL given the transport (the mock takes none, the others need one), or null. */
    public String urlProblem() {
        if (transport == McpTransport.MOCK) {
            return url == null ? null : "is not used by the built-in mock server: leave it out";
        }
        return url == null || url.isBlank() ? "is required" : null;
    }

    public McpTransport transportOrDefault() {
        return transport == null || transport == McpTransport.HTTP ? McpTransport.STREAMABLE_HTTP : transport;
    }

    public Duration timeoutOrDefault() {
        return timeout == null ? DEFAULT_TIMEOUT : Duration.ofMillis(timeout.movePointRight(3).longValue());
    }

    /** The upstream's transports; LiteLLM's names are read too. */
    public enum McpTransport {
        @com.fasterxml.jackson.annotation.JsonProperty("streamable_http")
        STREAMABLE_HTTP,
        /** LiteLLM's name for Streamable HTTP, kept as written so an imported config exports unchanged. */
        @com.fasterxml.jackson.annotation.JsonProperty("http")
        HTTP,
        @com.fasterxml.jackson.annotation.JsonProperty("mock")
        MOCK
    }
}
