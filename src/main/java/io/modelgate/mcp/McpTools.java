package io.modelgate.mcp;

import io.modelgate.access.McpDecision;
import io.vertx.ext.web.RoutingContext;

/** Whether a caller may see and call a tool: the access policy's answer, as the MCP endpoints apply it. */
final class McpTools {

    private McpTools() {
    }

    static boolean visible(McpGate.Visitor visitor, String server, String tool) {
        return visitor.snapshot().mcpAccess().tool(visitor.caller().gatewayRoles(), server, tool).allowed();
    }

    /** The JSON-RPC error a {@code tools/call} of this tool is refused with, or null when the caller may call it. */
    static byte[] refusal(RoutingContext exchange, McpGate.Visitor visitor, String server, JsonRpc.Message call) {
        String tool = call.named();
        if (tool == null) {
            return JsonRpc.error(call.id(), JsonRpc.INVALID_PARAMS, "tools/call needs params.name, the tool to call");
        }
        McpCall.of(exchange).requestedTool = tool;
        McpDecision decision = visitor.snapshot().mcpAccess().tool(visitor.caller().gatewayRoles(), server, tool);
        if (decision.allowed()) { // the call is credited to the tool and to the role that grants it
            McpCall.of(exchange).tool = tool;
            McpCall.of(exchange).grantedBy = decision.grantedBy();
        }
        return decision.allowed() ? null : JsonRpc.error(call.id(), JsonRpc.ACCESS_DENIED,
                "You may not call tool '" + tool + "': " + decision.reason() + ".");
    }
}
