package io.modelgate.mcp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.modelgate.gateway.GatewayConfig;
import io.modelgate.telemetry.CallTrace;
import io.modelgate.telemetry.SpanAttributes;
import io.modelgate.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.http.HttpServerRequest;
import io.modelgate.usage.ToolCallMinute;
import io.modelgate.usage.UsageAggregates;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Each MCP exchange, once over: counted and timed by server, method, tool and outcome ({@code modelgate.mcp.requests},
 * {@code modelgate.mcp.request.duration}: no subject in any tag, a tool only once the caller was allowed to call it),
 * each {@code tools/call} of an authenticated caller in the usage store ({@link ToolCallMinute}), and one line in the access log (category {@code modelgate.access}, as the model calls'), never a token or an argument.
 */
@Singleton
class McpCallLog {

    private static final Logger LOG = Logger.getLogger("modelgate.access");

    private final MeterRegistry registry;
    private final UsageAggregates usage;
    private final boolean accessLog;
    private final Tracing tracing;
    private final Map<Key, Counter> requests = new ConcurrentHashMap<>();
    private final Map<Key, Timer> durations = new ConcurrentHashMap<>();

    private record Key(String server, String method, String tool, String outcome) {
    }

    McpCallLog(MeterRegistry registry, UsageAggregates usage, GatewayConfig config, Tracing tracing) {
        this.tracing = tracing;
        this.registry = registry;
        this.usage = usage;
        this.accessLog = config.accessLog();
    }

    void ended(McpCall call, HttpServerRequest request, int status) {
        long ended = System.nanoTime();
        long nanos = ended - call.startedNanos;
        String httpMethod = request.method().name();
        String path = request.path();
        String tool = call.tool == null ? "-" : call.tool;
        String outcome = call.outcome(status);
        Key key = new Key(call.server, call.method, tool, outcome);
        requests.computeIfAbsent(key, k -> Counter.builder("modelgate.mcp.requests")
                .description("MCP exchanges by server, JSON-RPC method, tool (tools/call) and outcome: ok, refused (by the gateway), upstream_error")
                .tag("server", k.server()).tag("method", k.method()).tag("tool", k.tool()).tag("outcome", k.outcome()).register(registry))
                .increment();
        durations.computeIfAbsent(new Key(call.server, call.method, tool, ""), k -> Timer.builder("modelgate.mcp.request.duration")
                .description("Time from an MCP request to the end of its answer (streams included), by server, method and tool")
                .tag("server", k.server()).tag("method", k.method()).tag("tool", k.tool()).publishPercentileHistogram().register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (McpCall.TOOLS_CALL.equals(call.method) && call.caller != null) {
            usage.toolCall(ToolCallMinute.of(System.currentTimeMillis(), call.caller.issuer(), call.caller.subject(),
                    call.refusal == null ? call.grantedBy : null,
                    call.server, call.requestedTool, call.toolOutcome(status), nanos));
        }
        if (McpCall.TOOLS_CALL.equals(call.method) && tracing.enabled()) {
            toolSpan(call, request, status, ended);
        }
        if (accessLog && LOG.isInfoEnabled()) {
            String subject = call.caller == null ? "-" : call.caller.subject();
            String decision = call.decision();
            MDC.put("subject", subject);
            MDC.put("mcp_server", call.server);
            MDC.put("mcp_method", call.method);
            MDC.put("decision", decision);
            try { // built by hand: printf-style formatting was most of what a log line cost on the model path
                LOG.info(new StringBuilder(160).append(httpMethod).append(' ').append(path).append(' ').append(status).append(' ')
                        .append(nanos / 100_000 / 10.0).append("ms subject=").append(subject).append(" mcp=").append(call.method)
                        .append(" tool=").append(tool).append(" decision=").append(decision).append(" upstream=").append(call.server).toString());
            } finally {
                MDC.remove("subject");
                MDC.remove("mcp_server");
                MDC.remove("mcp_method");
                MDC.remove("decision");
            }
        }
    }

    /**
     * A {@code tools/call} as the GenAI conventions name a tool's execution, {@code execute_tool {tool}}, in the caller's
     * trace: the tool, its server, the role and decision, and whether the server failed; never an argument or a result.
     */
    private void toolSpan(McpCall call, HttpServerRequest request, int status, long endedNanos) {
        String tool = call.requestedTool == null ? "-" : call.requestedTool;
        CallTrace trace = call.trace != null ? call.trace : tracing.call(request.headers(), "execute_tool " + tool, call.startedNanos);
        Span span = trace.server();
        span.setAttribute(SpanAttributes.OPERATION, "execute_tool");
        span.setAttribute(SpanAttributes.TOOL_NAME, tool);
        span.setAttribute("mcp.method.name", call.method);
        span.setAttribute("modelgate.mcp.server", call.server);
        span.setAttribute(SpanAttributes.ROLE, call.refusal == null && call.grantedBy != null ? call.grantedBy : "none");
        span.setAttribute(SpanAttributes.DECISION, call.decision());
        span.setAttribute(SpanAttributes.HTTP_STATUS, status);
        boolean failed = "upstream_error".equals(call.outcome(status));
        if (failed) {
            span.setAttribute(SpanAttributes.ERROR_TYPE, call.refusal != null ? call.refusal : Integer.toString(status));
        }
        if (tracing.recordsSubject() && call.caller != null) {
            span.setAttribute(SpanAttributes.ENDUSER, call.caller.subject());
        }
        trace.end(endedNanos, failed);
    }
}
