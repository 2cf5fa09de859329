package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MCP server form: where the server is, how the gateway authenticates to it, how long a call may take and which of
 * its tools it offers at all. Pure: it reads the stored server (the admin API's shape) or a submitted form, and builds
 * the body the policy service validates. Every field is text as typed; empty means "not set".
 *
 * @param transport     {@code streamable_http} or {@code mock}
 * @param allowedTools  comma-separated tool names or patterns; empty: every tool
 */
public record McpServerForm(String serverName, String url, String description, String transport, String credentialName,
        String authHeader, String timeout, String allowedTools, String disallowedTools) {

    /** The transports the form offers. */
    public static final List<String> TRANSPORTS = List.of("streamable_http", "mock");

    public static McpServerForm empty() {
        return new McpServerForm("", "", "", "streamable_http", "", "", "", "", "");
    }

    /** The form for a stored server. */
    public static McpServerForm of(JsonNode server) {
        String transport = text(server, "transport");
        return new McpServerForm(text(server, "server_name"), text(server, "url"), text(server, "description"),
                transport.isEmpty() || transport.equals("http") ? "streamable_http" : transport, text(server, "credential_name"),
                text(server, "auth_header"), text(server, "timeout"), list(server.path("allowed_tools")), list(server.path("disallowed_tools")));
    }

    /** The form as submitted. */
    public static McpServerForm submitted(Map<String, List<String>> form, Optional<JsonNode> stored) {
        return new McpServerForm(field(form, "server_name"), field(form, "url"), field(form, "description"),
                TRANSPORTS.contains(field(form, "transport")) ? field(form, "transport") : "streamable_http", field(form, "credential_name"),
                field(form, "auth_header"), field(form, "timeout"), field(form, "allowed_tools"), field(form, "disallowed_tools"));
    }

    public boolean mock() {
        return transport.equals("mock");
    }

    /**
     * The server as the policy service takes it; a mock server carries no URL.
     *
     * @throws FormProblems for a timeout that is not a number
     */
    public ObjectNode body() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("server_name", serverName);
        if (!mock()) {
            putIfSet(json, "url", url);
        }
        putIfSet(json, "description", description);
        json.put("transport", transport);
        putIfSet(json, "credential_name", credentialName);
        putIfSet(json, "auth_header", authHeader);
        if (!timeout.isEmpty()) {
            try {
                json.put("timeout", new BigDecimal(timeout));
            } catch (NumberFormatException e) {
                throw new FormProblems(new LinkedHashMap<>(Map.of("timeout", "must be a number of seconds, like 60")));
            }
        }
        putList(json, "allowed_tools", allowedTools);
        putList(json, "disallowed_tools", disallowedTools);
        return json;
    }

    /** The form field a policy problem concerns ({@code allowed_tools[1]} → {@code allowed_tools}). */
    public static Optional<String> fieldOf(String problemField) {
        String field = problemField.replaceAll("\\[\\d+]$", "");
        return List.of("server_name", "url", "description", "transport", "credential_name", "auth_header", "timeout", "allowed_tools",
                "disallowed_tools").contains(field) ? Optional.of(field) : Optional.empty();
    }

    private static void putList(ObjectNode json, String name, String commaSeparated) {
        List<String> items = Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
        if (!items.isEmpty()) {
            items.forEach(json.putArray(name)::add);
        }
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (!value.isEmpty()) {
            node.put(name, value);
        }
    }

    private static String list(JsonNode array) {
        StringBuilder text = new StringBuilder();
        array.forEach(item -> text.append(text.length() == 0 ? "" : ", ").append(item.asText()));
        return text.toString();
    }

    private static String field(Map<String, List<String>> form, String name) {
        String value = FormFields.first(form, name);
        return value == null ? "" : value.trim();
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isValueNode() && !node.path(field).isNull() ? node.path(field).asText() : "";
    }
}
