package io.modelgate.mcp;

import io.vertx.core.MultiMap;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * The 2026-07-28 revision's request headers, which must say what the body says — {@code MCP-Protocol-Version} the
 * {@code _meta} version, {@code Mcp-Method} the method, {@code Mcp-Name} the tool, prompt or resource — so that what an
 * intermediary decides on headers is what the server executes. A value that is not plain ASCII travels as
 * {@code =?base64?…?=}. The 2025 revisions have none of this and are not checked. Pure.
 */
final class McpHeaders {

    static final String METHOD = "Mcp-Method";
    static final String NAME = "Mcp-Name";
    static final String PARAMETER_PREFIX = "mcp-param-";
    private static final Set<String> NAMED = Set.of("tools/call", "prompts/get", "resources/read");

    private McpHeaders() {
    }

    static boolean isParameter(String header) {
        return header.toLowerCase(Locale.ROOT).startsWith(PARAMETER_PREFIX);
    }

    /** Whether the message is of a stateless revision: its {@code _meta} names the version, as only those do. */
    static boolean stateless(JsonRpc.Message message) {
        return message.meta("protocolVersion").isTextual();
    }

    /** What is wrong with a stateless request's headers, or null when they agree with it (or it is of a 2025 revision). */
    static String problem(MultiMap headers, JsonRpc.Message message) {
        if (message.kind() != JsonRpc.Kind.REQUEST || !stateless(message)) {
            return null;
        }
        String version = message.meta("protocolVersion").asText();
        String versionHeader = headers.get(McpEndpoint.PROTOCOL_VERSION);
        if (!version.equals(versionHeader)) {
            return versionHeader == null ? "MCP-Protocol-Version header is missing; it must be " + version + ", as in _meta"
                    : "MCP-Protocol-Version header (" + versionHeader + ") differs from the _meta version (" + version + ")";
        }
        String method = headers.get(METHOD);
        if (!message.method().equals(method)) {
            return method == null ? "Mcp-Method header is missing; it must be " + message.method()
                    : "Mcp-Method header (" + method + ") differs from the method (" + message.method() + ")";
        }
        if (NAMED.contains(message.method())) {
            String name = decoded(headers.get(NAME));
            if (name == null || !name.equals(message.named())) {
                return name == null ? "Mcp-Name header is missing or malformed; it must name what params names"
                        : "Mcp-Name header differs from what params names";
            }
        }
        return null;
    }

    /** A header value as sent: plain, or the base64 of its UTF-8 between {@code =?base64?} and {@code ?=}; null if malformed. */
    static String decoded(String value) {
        if (value == null) {
            return null;
        }
        if (value.startsWith("=?base64?") && value.endsWith("?=") && value.length() >= 11) {
            try {
                return new String(Base64.getDecoder().decode(value.substring(9, value.length() - 2)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return value;
    }

    /** A value as a header carries it: as it is when plain visible ASCII without edge spaces, else base64-wrapped. */
    static String encoded(String value) {
        boolean plain = !value.isEmpty() && !value.startsWith("=?base64?") && value.charAt(0) != ' ' && value.charAt(value.length() - 1) != ' '
                && value.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
        return plain ? value : "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** The headers with {@code Mcp-Name}, if the caller sent one, as the server knows the name: what it checks against the body. */
    static MultiMap renamed(MultiMap headers, String name) {
        if (headers.contains(McpHeaders.NAME)) {
            headers.set(McpHeaders.NAME, McpHeaders.encoded(name));
        }
        return headers;
    }
}
