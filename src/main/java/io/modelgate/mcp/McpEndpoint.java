package io.modelgate.mcp;

import io.modelgate.access.McpDecision;
import io.modelgate.error.ErrorKind;
import io.modelgate.snapshot.ServedMcpServer;
import io.modelgate.upstream.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /mcp/<server>}: one upstream MCP server, its tools under their own names, behind the caller's IdP token and
 * roles. Each POST is one JSON-RPC message: admitted ({@link McpGate}), the server and (for {@code tools/call}) the
 * tool decided by the access policy, then relayed with the gateway's credential for that server — the caller's token
 * never travels on. The answer comes back as it arrives (JSON or server-sent events), except a tool list, which loses
 * the tools the caller may not use. Sessions of the 2025 revisions are sealed into the session id
 * ({@link SealedSessions}); the 2026-07-28 revision has none and passes through with its {@code Mcp-*} headers checked
 * against the body.
 */
@Singleton
class McpEndpoint {

    static final String SESSION = "Mcp-Session-Id";
    static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    /** Headers of the caller's that mean something to the MCP server; nothing else travels (no token, no cookie). */
    private static final String[] PASSED = {PROTOCOL_VERSION, McpHeaders.METHOD, McpHeaders.NAME, "Last-Event-ID"};

    private final McpGate gate;
    private final McpUpstream upstreams;
    private final McpLimits limits;
    private final SealedSessions sessions;

    McpEndpoint(McpGate gate, McpUpstreams upstreams, McpLimits limits, McpSessionKey key) {
        this.gate = gate;
        this.upstreams = upstreams;
        this.limits = limits;
        this.sessions = key.sessions();
    }

    /** A POST: one JSON-RPC message for the server. */
    void post(RoutingContext exchange, String serverName) {
        gate.arrive(exchange).onSuccess(arrival -> reach(exchange, arrival.visitor(), serverName)
                .ifPresent(server -> serve(exchange, arrival, server)));
    }

    /** A GET (the 2025 revisions' stream of server messages) or DELETE (ending a session): relayed within the session. */
    void streamOrEnd(RoutingContext exchange, String serverName) {
        gate.admit(exchange).onSuccess(visitor -> reach(exchange, visitor, serverName).ifPresent(server -> {
            String sessionId = exchange.request().getHeader(SESSION);
            if (sessionId == null) {
                McpGate.answer(exchange, 405, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, exchange.request().method()
                        + " needs the session of an initialized connection (Mcp-Session-Id); the 2026-07-28 revision has none"));
                return;
            }
            Optional<SealedSessions.Session> session = sessions.open(sessionId, serverName, visitor.owner(), Instant.now());
            if (session.isEmpty()) {
                McpGate.sessionNotFound(exchange, null);
                return;
            }
            MultiMap headers = upstreamHeaders(exchange, session.get().upstreamId(serverName));
            headers.set(HttpHeaders.ACCEPT, "text/event-stream");
            McpRelay.relay(gate, exchange, server.name(), null, upstreams.send(server, visitor.token(), exchange.request().method(), headers, null), answer -> {
            }, null);
        }));
    }

    /** The server, when the caller's roles reach it; else the exchange is answered (403, or 404 to whom it may be told). */
    private Optional<ServedMcpServer> reach(RoutingContext exchange, McpGate.Visitor visitor, String serverName) {
        McpDecision decision = visitor.snapshot().mcpAccess().server(visitor.caller().gatewayRoles(), serverName);
        McpCall call = McpCall.of(exchange);
        if (decision.allowed()) {
            call.server = serverName;
            call.grantedBy = decision.grantedBy();
            return visitor.snapshot().mcpServer(serverName);
        }
        boolean unknown = decision.outcome() == McpDecision.Outcome.UNKNOWN_SERVER;
        McpGate.refuse(exchange, unknown ? "mcp_server_not_found" : "mcp_server_not_permitted", unknown ? 404 : 403, JsonRpc.error(null, unknown ? ErrorKind.NOT_FOUND : ErrorKind.MODEL_NOT_PERMITTED,
                unknown ? "No MCP server named '" + serverName + "' exists." : "You may not use MCP server '" + serverName + "': "
                        + decision.reason() + "."));
        return Optional.empty();
    }

    private void serve(RoutingContext exchange, McpGate.Arrival arrival, ServedMcpServer server) {
        JsonRpc.Message message = arrival.message();
        McpGate.Visitor visitor = arrival.visitor();
        HttpServerRequest request = exchange.request();
        String headerProblem = McpHeaders.problem(request.headers(), message);
        if (headerProblem != null) {
            McpGate.refuse(exchange, "header_mismatch", 400, JsonRpc.error(message.id(), JsonRpc.HEADER_MISMATCH, headerProblem));
            return;
        }
        boolean initialize = "initialize".equals(message.method());
        String sessionId = request.getHeader(SESSION);
        String upstreamSession = null;
        if (sessionId != null && !initialize) {
            Optional<SealedSessions.Session> session = sessions.open(sessionId, server.name(), visitor.owner(), Instant.now());
            if (session.isEmpty()) {
                McpGate.sessionNotFound(exchange, message.id());
                return;
            }
            upstreamSession = session.get().upstreamId(server.name());
        }
        if (message.kind() == JsonRpc.Kind.REQUEST && "tools/call".equals(message.method())) {
            byte[] refusal = McpTools.refusal(exchange, visitor, server.name(), message);
            if (refusal != null) {
                McpGate.refuse(exchange, "tool_not_permitted", 200, refusal);
                return;
            }
            if (!limits.admit(exchange, visitor, server.name(), message)) {
                return;
            }
        }
        MultiMap headers = upstreamHeaders(exchange, upstreamSession);
        Future<UpstreamResponse> sent = upstreams.send(server, visitor.token(), HttpMethod.POST, headers, arrival.body());
        boolean toolList = "tools/list".equals(message.method());
        McpRelay.relay(gate, exchange, server.name(), message.id(), sent, answer -> {
            String upstreamId = answer.headers().get(SESSION);
            if (initialize && answer.status() / 100 == 2) { // a session of its own even when the server keeps none
                exchange.response().putHeader(SESSION, sessions.seal(new SealedSessions.Session(server.name(),
                        upstreamId == null ? Map.of() : Map.of(server.name(), upstreamId), visitor.owner(),
                        message.params().path("protocolVersion").asText(null), Instant.now())));
            }
        }, toolList ? (body, events) -> ToolLists.filter(body, events, tool -> McpTools.visible(visitor, server.name(), tool)) : null);
    }

    /** The caller's MCP headers for the upstream, with its session there; the JSON-RPC content types. */
    static MultiMap upstreamHeaders(RoutingContext exchange, String upstreamSession) {
        HttpServerRequest request = exchange.request();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String name : PASSED) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.set(name, value);
            }
        }
        request.headers().forEach(header -> { // a tool's own parameters as headers (x-mcp-header): forwarded as they are
            if (McpHeaders.isParameter(header.getKey())) {
                headers.add(header.getKey(), header.getValue());
            }
        });
        if (upstreamSession != null && !upstreamSession.isEmpty()) { // "": a server that keeps no session
            headers.set(SESSION, upstreamSession);
        }
        headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
        headers.set(HttpHeaders.ACCEPT, "application/json, text/event-stream");
        McpCall call = McpCall.ofExisting(exchange);
        if (call != null && call.trace != null) { // the server's work joins the caller's trace under the tool call's span
            headers.addAll(call.trace.headers());
        }
        return headers;
    }
}
