package io.modelgate.mcp;

import io.modelgate.snapshot.ServedMcpServer;
import io.modelgate.upstream.UpstreamResponse;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** Sends one MCP exchange to a server (over HTTP, or to the built-in mock). Completes when the answer's head has arrived. */
interface McpUpstream {

    /**
     * @param headers the MCP headers to send (protocol version, session, {@code Mcp-Method}/{@code Mcp-Name}, Accept,
     *                Content-Type, Last-Event-ID); the upstream's credential is added by the transport, never the caller's
     * @param body    the JSON-RPC message; null for GET and DELETE
     * @param callerToken the caller's verified bearer token, read only by a credential that exchanges it for the
     *                server's (RFC 8693), never sent on; null when the exchange has no caller (an operator's test)
     */
    Future<UpstreamResponse> send(ServedMcpServer server, CharSequence callerToken, HttpMethod method, MultiMap headers, Buffer body);
}
