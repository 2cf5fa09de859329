package io.modelgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.access.McpDecision;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.gateway.RequestBody;
import io.modelgate.identity.Caller;
import io.modelgate.identity.CallerAuthenticator;
import io.modelgate.snapshot.ActivePolicy;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.snapshot.ServedMcpServer;
import io.modelgate.upstream.UpstreamBrokenException;
import io.modelgate.upstream.UpstreamConnectException;
import io.modelgate.upstream.UpstreamResponse;
import io.modelgate.upstream.UpstreamTimeoutException;
import io.modelgate.upstream.credential.UpstreamAuthException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code /mcp/<server>}: one upstream MCP server, its tools under their own names, behind the caller's IdP token and
 * roles. Each POST is one JSON-RPC message: authenticated, the server and (for {@code tools/call}) the tool decided by
 * the access policy, then relayed with the gateway's credential for that server — the caller's token never travels
 * on. The answer comes back as it arrives (JSON or server-sent events), except a tool list, which loses the tools the
 * caller may not use. Sessions of the 2025 revisions are sealed into the session id ({@link SealedSessions}); the
 * 2026-07-28 revision has none and passes through with its {@code Mcp-*} headers checked against the body.
 */
@Singleton
class McpEndpoint {

    private static final Logger LOG = Logger.getLogger(McpEndpoint.class);
    static final String SESSION = "Mcp-Session-Id";
    static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    /** Headers of the caller's that mean something to the MCP server; nothing else travels (no token, no cookie). */
    private static final String[] PASSED = {PROTOCOL_VERSION, McpHeaders.METHOD, McpHeaders.NAME, "Last-Event-ID"};

    private final ActivePolicy policy;
    private final CallerAuthenticator authenticator;
    private final McpUpstream upstreams;
    private final SealedSessions sessions;
    private final OriginCheck origins;
    private final ProtectedResource resource;
    private final long maxMessageBytes;

    McpEndpoint(ActivePolicy policy, CallerAuthenticator authenticator, McpUpstreams upstreams, McpSessionKey key, McpConfig config,
            ProtectedResource resource) {
        this.policy = policy;
        this.authenticator = authenticator;
        this.upstreams = upstreams;
        this.sessions = new SealedSessions(key.key(), config.sessionLifetime());
        this.origins = new OriginCheck(config.allowedOrigins());
        this.resource = resource;
        this.maxMessageBytes = config.maxMessageSize().asLongValue();
    }

    /** A POST: one JSON-RPC message for the server. */
    void post(RoutingContext exchange, String serverName) {
        HttpServerRequest request = exchange.request();
        RequestBody body = RequestBody.expect(request, maxMessageBytes, error -> fail(exchange, null, error));
        admit(exchange, serverName).onSuccess(admitted -> body.read().onComplete(read -> {
            if (read.failed()) {
                fail(exchange, null, read.cause());
                return;
            }
            JsonRpc.Message message;
            try {
                message = JsonRpc.read(read.result().buffer().getBytes());
            } catch (JsonRpc.Malformed e) {
                answer(exchange, 400, JsonRpc.error(null, e.code(), e.getMessage()));
                return;
            }
            serve(exchange, admitted, message, read.result().buffer());
        }));
    }

    /** A GET (the 2025 revisions' stream of server messages) or DELETE (ending a session): relayed within the session. */
    void streamOrEnd(RoutingContext exchange, String serverName) {
        admit(exchange, serverName).onSuccess(admitted -> {
            String sessionId = exchange.request().getHeader(SESSION);
            if (sessionId == null) {
                answer(exchange, 405, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, exchange.request().method()
                        + " needs the session of an initialized connection (Mcp-Session-Id); the 2026-07-28 revision has none"));
                return;
            }
            Optional<SealedSessions.Session> session = sessions.open(sessionId, serverName, admitted.owner(), Instant.now());
            if (session.isEmpty()) {
                sessionNotFound(exchange, null);
                return;
            }
            MultiMap headers = upstreamHeaders(exchange.request(), session.get().upstreamId());
            headers.set(HttpHeaders.ACCEPT, "text/event-stream");
            relay(exchange, admitted, null, upstreams.send(admitted.server(), exchange.request().method(), headers, null), false);
        });
    }

    /** Who may reach the server: the caller authenticated, the server one their roles reach. */
    private record Admitted(PolicySnapshot snapshot, Caller caller, ServedMcpServer server) {
        String owner() {
            return SealedSessions.owner(caller.issuer(), caller.subject());
        }
    }

    private Future<Admitted> admit(RoutingContext exchange, String serverName) {
        HttpServerRequest request = exchange.request();
        if (!origins.allows(request.getHeader(HttpHeaders.ORIGIN))) {
            answer(exchange, 403, JsonRpc.error(null, JsonRpc.ACCESS_DENIED, "Origin " + request.getHeader(HttpHeaders.ORIGIN)
                    + " may not call this MCP endpoint (modelgate.mcp.allowed-origins)"));
            return Future.failedFuture("origin");
        }
        if (!policy.isLoaded()) {
            fail(exchange, null, new GatewayException(ErrorKind.NOT_READY, "Modelgate is starting and has no policy loaded yet. Retry shortly."));
            return Future.failedFuture("not ready");
        }
        PolicySnapshot snapshot = policy.snapshot();
        return authenticator.authenticate(exchange, snapshot.access(), false).recover(failure -> {
            fail(exchange, null, failure);
            return Future.failedFuture(failure);
        }).compose(caller -> {
            McpDecision decision = snapshot.mcpAccess().server(caller.gatewayRoles(), serverName);
            if (!decision.allowed()) {
                boolean unknown = decision.outcome() == McpDecision.Outcome.UNKNOWN_SERVER;
                answer(exchange, unknown ? 404 : 403, JsonRpc.error(null, unknown ? ErrorKind.NOT_FOUND : ErrorKind.MODEL_NOT_PERMITTED,
                        unknown ? "No MCP server named '" + serverName + "' exists." : "You may not use MCP server '" + serverName + "': "
                                + decision.reason() + "."));
                return Future.failedFuture("denied");
            }
            return Future.succeededFuture(new Admitted(snapshot, caller, snapshot.mcpServer(serverName).orElseThrow()));
        });
    }

    private void serve(RoutingContext exchange, Admitted admitted, JsonRpc.Message message, Buffer body) {
        HttpServerRequest request = exchange.request();
        String headerProblem = McpHeaders.problem(request.headers(), message);
        if (headerProblem != null) {
            answer(exchange, 400, JsonRpc.error(message.id(), JsonRpc.HEADER_MISMATCH, headerProblem));
            return;
        }
        String upstreamSession = null;
        String sessionId = request.getHeader(SESSION);
        boolean initialize = "initialize".equals(message.method());
        if (sessionId != null && !initialize) {
            Optional<SealedSessions.Session> session = sessions.open(sessionId, admitted.server().name(), admitted.owner(), Instant.now());
            if (session.isEmpty()) {
                sessionNotFound(exchange, message.id());
                return;
            }
            upstreamSession = session.get().upstreamId();
        }
        if (message.kind() == JsonRpc.Kind.REQUEST && "tools/call".equals(message.method())) {
            String tool = message.named();
            McpDecision decision = admitted.snapshot().mcpAccess().tool(admitted.caller().gatewayRoles(), admitted.server().name(),
                    tool == null ? "" : tool);
            if (tool == null || !decision.allowed()) {
                answer(exchange, 200, JsonRpc.error(message.id(), tool == null ? JsonRpc.INVALID_PARAMS : JsonRpc.ACCESS_DENIED,
                        tool == null ? "tools/call needs params.name, the tool to call" : "You may not call tool '" + tool + "': "
                                + decision.reason() + "."));
                return;
            }
        }
        MultiMap headers = upstreamHeaders(request, upstreamSession);
        headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
        headers.set(HttpHeaders.ACCEPT, "application/json, text/event-stream");
        Future<UpstreamResponse> answer = upstreams.send(admitted.server(), HttpMethod.POST, headers, body);
        relay(exchange, admitted, message, answer, initialize);
    }

    private static MultiMap upstreamHeaders(HttpServerRequest request, String upstreamSession) {
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
        if (upstreamSession != null) {
            headers.set(SESSION, upstreamSession);
        }
        return headers;
    }

    /** The upstream's answer to the caller, as it arrives; a tool list filtered; an initialize's session sealed. */
    private void relay(RoutingContext exchange, Admitted admitted, JsonRpc.Message message, Future<UpstreamResponse> sent, boolean initialize) {
        JsonNode id = message == null ? null : message.id();
        sent.onFailure(failure -> fail(exchange, id, failure)).onSuccess(answer -> {
            HttpServerResponse response = exchange.response();
            if (response.closed()) {
                answer.cancel();
                return;
            }
            response.setStatusCode(answer.status());
            copy(answer.headers(), response, HttpHeaders.CONTENT_TYPE.toString(), HttpHeaders.CACHE_CONTROL.toString(), PROTOCOL_VERSION,
                    HttpHeaders.ALLOW.toString());
            String upstreamSession = answer.headers().get(SESSION);
            if (initialize && upstreamSession != null && answer.status() / 100 == 2) {
                response.putHeader(SESSION, sessions.seal(new SealedSessions.Session(admitted.server().name(), upstreamSession,
                        admitted.owner(), message.params().path("protocolVersion").asText(null), Instant.now())));
            }
            if (answer.eventStream()) {
                response.putHeader("X-Accel-Buffering", "no");
            }
            boolean toolList = message != null && "tools/list".equals(message.method()) && answer.status() / 100 == 2;
            if (toolList) {
                collect(answer).onFailure(failure -> fail(exchange, id, failure)).onSuccess(all -> response.end(Buffer.buffer(
                        ToolLists.filter(all.getBytes(), answer.eventStream(), tool -> admitted.snapshot().mcpAccess()
                                .tool(admitted.caller().gatewayRoles(), admitted.server().name(), tool).allowed()))));
                return;
            }
            if (answer.headers().get(HttpHeaders.CONTENT_LENGTH) == null) {
                response.setChunked(true);
            } else {
                response.putHeader(HttpHeaders.CONTENT_LENGTH, answer.headers().get(HttpHeaders.CONTENT_LENGTH));
            }
            response.closeHandler(closed -> answer.cancel());
            answer.body().pipe().endOnFailure(true).to(response);
        });
    }

    private static Future<Buffer> collect(UpstreamResponse answer) {
        io.vertx.core.Promise<Buffer> all = io.vertx.core.Promise.promise();
        Buffer buffer = Buffer.buffer();
        answer.body().handler(buffer::appendBuffer).exceptionHandler(all::tryFail).endHandler(v -> all.tryComplete(buffer));
        answer.body().resume();
        return all.future();
    }

    private static void copy(MultiMap from, HttpServerResponse to, String... names) {
        for (String name : names) {
            String value = from.get(name);
            if (value != null) {
                to.putHeader(name, value);
            }
        }
    }

    private static void sessionNotFound(RoutingContext exchange, JsonNode id) {
        answer(exchange, 404, JsonRpc.error(id, JsonRpc.INVALID_REQUEST,
                "Session not found: it ended, expired or belongs to someone else. Initialize a new one."));
    }

    /** A failure as the JSON-RPC error the caller is answered with: the server named, never a secret. */
    private void fail(RoutingContext exchange, JsonNode id, Throwable failure) {
        GatewayException error = failure instanceof GatewayException gateway ? gateway : upstreamError(failure);
        if (error.kind() == ErrorKind.INTERNAL) {
            LOG.error("MCP exchange failed", failure);
        }
        if (error.kind().status() == 401 && !exchange.response().headWritten()) {
            exchange.response().putHeader("WWW-Authenticate", resource.challenge(exchange.request()));
        }
        int status = error.kind().status();
        answer(exchange, status / 100 == 5 && id != null ? 200 : status, JsonRpc.error(id, error.kind(), error.getMessage()));
    }

    private static GatewayException upstreamError(Throwable failure) {
        if (failure instanceof UpstreamTimeoutException e) {
            return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "MCP server " + e.getMessage());
        }
        if (failure instanceof UpstreamConnectException || failure instanceof UpstreamBrokenException) {
            return new GatewayException(ErrorKind.UPSTREAM_UNAVAILABLE, "MCP server " + failure.getMessage());
        }
        if (failure instanceof UpstreamAuthException) {
            return new GatewayException(ErrorKind.UPSTREAM_AUTH_ERROR, failure.getMessage());
        }
        return new GatewayException(ErrorKind.INTERNAL, "The MCP exchange failed inside the gateway.");
    }

    static void answer(RoutingContext exchange, int status, byte[] body) {
        HttpServerResponse response = exchange.response();
        if (response.headWritten()) {
            if (!response.ended()) {
                response.end();
            }
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(body));
    }
}
