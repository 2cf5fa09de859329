package io.modelgate.mcp;

import io.modelgate.snapshot.ServedMcpServer;
import io.modelgate.upstream.UpstreamResponse;
import io.modelgate.upstream.mock.MockMcpServer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Singleton;

/** Each server's exchanges go to its transport: Streamable HTTP, or the built-in mock in the process. */
@Singleton
class McpUpstreams implements McpUpstream {

    private final HttpMcpUpstream http;
    private final MockMcpServer mock;

    McpUpstreams(HttpMcpUpstream http, MockMcpServer mock) {
        this.http = http;
        this.mock = mock;
    }

    @Override
    public Future<UpstreamResponse> send(ServedMcpServer server, CharSequence callerToken, HttpMethod method, MultiMap headers, Buffer body) {
        return server.mock() ? mock.answer(method, headers, body) : http.send(server, callerToken, method, headers, body);
    }
}
