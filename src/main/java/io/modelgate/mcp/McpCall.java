package io.modelgate.mcp;

import io.modelgate.identity.Caller;
import io.modelgate.telemetry.CallTrace;
import io.vertx.ext.web.RoutingContext;

/**
 * What one MCP exchange has learned by its end, for its metrics and access-log line: who, which server, which method
 * and tool, which role let it through, and what stopped it if something did. Filled in as the exchange goes; one per
 * exchange, on its event loop.
 */
final class McpCall {

    private static final String KEY = "modelgate.mcp.call";
    static final String TOOLS_CALL = "tools/call";

    final long startedNanos = System.nanoTime();
    Caller caller;
    String server = "-";
    String method = "-";
    /** The tool a {@code tools/call} named, once the caller may call it (a name the caller typed is never a metric tag until then). */
    String tool;
    /**
     * The tool a {@code tools/call} named, allowed or not, as its server knows it once the server is known (for the
     * caller's usage rows, never a metric tag); {@link #tool} once allowed.
     */
    String requestedTool;
    String grantedBy;
    /** A traced {@code tools/call}'s span, begun once the message is read so its context reaches the server; else null. */
    CallTrace trace;
    /** Why the gateway refused or failed the exchange (an error code), null when it was relayed. */
    String refusal;

    /** The call of an exchange, if it has one yet. */
    static McpCall ofExisting(RoutingContext exchange) {
        return exchange.get(KEY);
    }

    /** The exchange's call, begun on first use. */
    static McpCall of(RoutingContext exchange) {
        McpCall call = exchange.get(KEY);
        if (call == null) {
            call = new McpCall();
            exchange.put(KEY, call);
        }
        return call;
    }

    /** What was decided, as the access log and spans say it: the refusal's code, or {@code allowed:<role>}. */
    String decision() {
        return refusal != null ? refusal : grantedBy != null ? "allowed:" + grantedBy : "allowed";
    }

    /** A tool call's outcome in the usage rows: {@code ok}, {@code upstream_error}, or the code the gateway refused it with. */
    String toolOutcome(int status) {
        return refusal != null ? refusal : status / 100 == 2 ? "ok" : "upstream_error";
    }

    /** {@code ok} (relayed, whatever the server answered inside), {@code refused} (by the gateway), {@code failed} (the upstream). */
    String outcome(int status) {
        if (refusal == null) {
            return status / 100 == 2 ? "ok" : "upstream_error";
        }
        return refusal.startsWith("upstream") ? "upstream_error" : "refused";
    }
}
