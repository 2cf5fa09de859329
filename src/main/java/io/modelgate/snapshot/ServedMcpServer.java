package io.modelgate.snapshot;

import io.modelgate.policy.McpServer;
import io.modelgate.upstream.credential.UpstreamCredential;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * An MCP server as the gateway reaches it, every default applied: its endpoint (null for the built-in mock), the
 * credential its calls carry and in which header a static key goes, how long a call may take.
 */
public record ServedMcpServer(String name, String description, McpServer.McpTransport transport, URI url,
        Optional<UpstreamCredential> credential, String authHeader, Duration timeout) {

    public boolean mock() {
        return transport == McpServer.McpTransport.MOCK;
    }
}
