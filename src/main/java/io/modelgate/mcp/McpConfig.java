package io.modelgate.mcp;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The MCP gateway ({@code /mcp}, {@code /mcp/<server>}). */
@ConfigMapping(prefix = "modelgate.mcp")
public interface McpConfig {

    /** Largest JSON-RPC message accepted from a caller; a larger one is refused with a JSON-RPC error and HTTP 413. */
    @WithDefault("4M")
    MemorySize maxMessageSize();

    /**
     * Browser origins allowed to call the MCP endpoints (a request with any other {@code Origin} gets 403, the spec's
     * guard against DNS rebinding); {@code *} in a port or host part matches anything. Requests without
     * {@code Origin} (every CLI and SDK client) are not affected.
     */
    @WithDefault("http://localhost:*,http://127.0.0.1:*,https://localhost:*")
    List<String> allowedOrigins();

    /**
     * The key sessions of the 2025 protocol revisions are sealed with (base64 of 32 random bytes): a session id is
     * the sealed session itself, so any replica sharing the key serves it, and none keeps it in memory. Absent:
     * derived from {@code modelgate.secrets.key}; without that either, a random key per process (sessions then
     * survive neither a restart nor a request reaching another replica).
     */
    Optional<String> sessionKey();

    /** How long a session of the 2025 revisions lasts after it began; later requests with its id get 404 (re-initialize). */
    @WithDefault("24h")
    Duration sessionLifetime();
}
