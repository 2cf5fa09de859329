package io.modelgate.access;

import java.util.regex.Pattern;

/**
 * One MCP grant of a role permission: a server and which of its tools — {@code wiki} or {@code wiki/*} (the whole
 * server: its tools, prompts and resources), {@code jira/get_*} (the server's prompts and resources, and its tools
 * matching the wildcard), {@code *} (every server), {@code *}{@code /search} (a tool of that name on any server).
 */
public record McpPattern(String text, String server, Pattern tools) {

    /**
     * @throws IllegalArgumentException when the text is no grant
     */
    public static McpPattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an MCP grant must not be empty");
        }
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String server = slash < 0 ? trimmed : trimmed.substring(0, slash);
        String tools = slash < 0 ? "*" : trimmed.substring(slash + 1);
        if (server.isEmpty() || tools.isEmpty()) {
            throw new IllegalArgumentException("'" + trimmed + "' is not <server>, <server>/<tool> or <server>/<tool pattern>");
        }
        if (server.indexOf('*') >= 0 && !server.equals("*")) {
            throw new IllegalArgumentException("'" + trimmed + "': the server is named in full, or * for every server");
        }
        if (tools.indexOf('/') >= 0) {
            throw new IllegalArgumentException("'" + trimmed + "' has more than one /");
        }
        return new McpPattern(trimmed, server, ModelPattern.globToRegex(tools));
    }

    /** Whether it lets its role reach the server at all (its prompts and resources, and the tools it grants). */
    public boolean coversServer(String serverName) {
        return server.equals("*") || server.equals(serverName);
    }

    public boolean coversTool(String serverName, String tool) {
        return coversServer(serverName) && tools.matcher(tool).matches();
    }
}
