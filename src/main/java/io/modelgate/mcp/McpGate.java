package io.modelgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.gateway.RequestBody;
import io.modelgate.identity.Caller;
import io.modelgate.identity.CallerAuthenticator;
import io.modelgate.identity.CallerToken;
import io.modelgate.snapshot.ActivePolicy;
import io.modelgate.telemetry.Tracing;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.upstream.UpstreamBrokenException;
import io.modelgate.upstream.UpstreamConnectException;
import io.modelgate.upstream.UpstreamTimeoutException;
import io.modelgate.upstream.credential.UpstreamAuthException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * What every MCP exchange goes through before it reaches a server, whichever endpoint: the browser-origin check, a
 * loaded policy, the caller authenticated by their IdP token (a 401 names where to get one), the one JSON-RPC message
 * read within its size limit; and how each failure is answered — as a JSON-RPC error, never with a secret.
 */
@Singleton
class McpGate {

    private static final Logger LOG = Logger.getLogger(McpGate.class);

    private final ActivePolicy policy;
    private final CallerAuthenticator authenticator;
    private final McpCallLog callLog;
    private final Tracing tracing;
    private final OriginCheck origins;
    private final ProtectedResource resource;
    private final long maxMessageBytes;

    McpGate(ActivePolicy policy, CallerAuthenticator authenticator, McpCallLog callLog, McpConfig config, ProtectedResource resource,
            Tracing tracing) {
        this.tracing = tracing;
        this.policy = policy;
        this.authenticator = authenticator;
        this.callLog = callLog;
        this.origins = new OriginCheck(config.allowedOrigins());
        this.resource = resource;
        this.maxMessageBytes = config.maxMessageSize().asLongValue();
    }

    /**
     * An authenticated caller, with the policy their exchange is decided by and the bearer token they were verified
     * by (for a server whose credential exchanges it; never sent on, never in {@link #toString}).
     */
    record Visitor(PolicySnapshot snapshot, Caller caller, CharSequence token) {
        @Override
        public String toString() {
            return "Visitor[" + caller.subject() + "]";
        }

        /** Who owns the sessions they begin: a digest of issuer and subject. */
        String owner() {
            return SealedSessions.owner(caller.issuer(), caller.subject());
        }
    }

    /** A visitor and the message they sent. */
    record Arrival(Visitor visitor, JsonRpc.Message message, Buffer body) {
    }

    /** Admits the exchange; on failure it has been answered and the future fails. */
    Future<Visitor> admit(RoutingContext exchange) {
        HttpServerRequest request = exchange.request();
        McpCall call = McpCall.of(exchange);
        exchange.addEndHandler(ended -> callLog.ended(call, request, exchange.response().getStatusCode()));
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (!origins.allows(origin)) {
            refuse(exchange, "origin_not_allowed", 403, JsonRpc.error(null, JsonRpc.ACCESS_DENIED, "Origin " + origin
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
        }).map(caller -> {
            call.caller = caller;
            // the token just verified, read where the authenticator read it: a view of the header, not a copy
            return new Visitor(snapshot, caller, CallerToken.of(request.headers(), false));
        });
    }

    /** Admits a POST and reads its message; on failure it has been answered and the future fails. */
    Future<Arrival> arrive(RoutingContext exchange) {
        RequestBody body = RequestBody.expect(exchange.request(), maxMessageBytes, error -> fail(exchange, null, error));
        return admit(exchange).compose(visitor -> body.read().recover(failure -> {
            fail(exchange, null, failure);
            return Future.failedFuture(failure);
        }).compose(read -> {
            try {
                JsonRpc.Message message = JsonRpc.read(read.buffer().getBytes());
                McpCall call = McpCall.of(exchange);
                call.method = message.method() != null ? message.method() : "response";
                call.requestedTool = McpCall.TOOLS_CALL.equals(message.method()) ? message.named() : null;
                if (call.requestedTool != null && tracing.enabled()) {
                    call.trace = tracing.call(exchange.request().headers(), "execute_tool " + call.requestedTool, call.startedNanos);
                }
                return Future.succeededFuture(new Arrival(visitor, message, read.buffer()));
            } catch (JsonRpc.Malformed e) {
                refuse(exchange, "invalid_message", 400, JsonRpc.error(null, e.code(), e.getMessage()));
                return Future.failedFuture(e);
            }
        }));
    }

    /** A failure as the JSON-RPC error the caller is answered with: the server named, never a secret. */
    void fail(RoutingContext exchange, JsonNode id, Throwable failure) {
        GatewayException error = failure instanceof GatewayException gateway ? gateway : upstreamError(failure);
        if (error.kind() == ErrorKind.INTERNAL) {
            LOG.error("MCP exchange failed", failure);
        }
        McpCall.of(exchange).refusal = error.kind().code();
        if (error.kind().status() == 401 && !exchange.response().headWritten()) {
            exchange.response().putHeader("WWW-Authenticate", resource.challenge(exchange.request()));
        }
        int status = error.kind().status();
        // a request's failure upstream is its JSON-RPC error; the exchange itself worked
        answer(exchange, status / 100 == 5 && id != null ? 200 : status, JsonRpc.error(id, error.kind(), error.getMessage()));
    }

    static GatewayException upstreamError(Throwable failure) {
        if (failure instanceof GatewayException gateway) {
            return gateway;
        }
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

    /** Answers an exchange the gateway refuses, saying why in its metrics and access-log line. */
    static void refuse(RoutingContext exchange, String why, int status, byte[] body) {
        McpCall.of(exchange).refusal = why;
        answer(exchange, status, body);
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

    static void sessionNotFound(RoutingContext exchange, JsonNode id) {
        refuse(exchange, "session_not_found", 404, JsonRpc.error(id, JsonRpc.INVALID_REQUEST,
                "Session not found: it ended, expired or belongs to someone else. Initialize a new one."));
    }
}
