package io.modelgate.mcp;

import io.modelgate.error.ErrorKind;
import io.modelgate.limits.LimitBook;
import io.modelgate.limits.LimitExceeded;
import io.modelgate.limits.LimitRule;
import io.modelgate.limits.LimitVerdict;
import io.modelgate.limits.Limits;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The limits on MCP tool calls ({@code modelgate.limits} entries with {@code mcp}): a {@code tools/call} on a server is
 * admitted by the same book as model calls — counted per caller or per role, shared through Redis across replicas —
 * and holds its place among the calls in flight until its answer has ended.
 */
@Singleton
class McpLimits {

    private final LimitBook book;

    McpLimits(Limits limits) {
        this.book = limits.book();
    }

    /** Whether the call may go on; when not, it has been answered (429, a JSON-RPC error saying which limit and when to retry). */
    boolean admit(RoutingContext exchange, McpGate.Visitor visitor, String server, JsonRpc.Message call) {
        List<LimitRule> candidates = visitor.snapshot().limits().ofMcpServer(server);
        if (candidates.isEmpty()) {
            return true;
        }
        LimitVerdict verdict = book.admit(candidates, visitor.caller(), false); // tool calls have no budget: never waits
        if (verdict instanceof LimitBook.Admission admission) {
            exchange.addEndHandler(ended -> admission.finish(0, 0));
            return true;
        }
        if (verdict instanceof LimitExceeded refused) {
            exchange.response().putHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
            McpGate.refuse(exchange, ErrorKind.RATE_LIMIT_EXCEEDED.code(), 429, JsonRpc.error(call.id(), ErrorKind.RATE_LIMIT_EXCEEDED,
                    refused.message()));
            return false;
        }
        McpGate.refuse(exchange, ErrorKind.INTERNAL.code(), 500, JsonRpc.error(call.id(), ErrorKind.INTERNAL, "The limits gave no verdict."));
        return false;
    }
}
