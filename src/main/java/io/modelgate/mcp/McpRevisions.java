package io.modelgate.mcp;

import java.util.Set;

/** The MCP protocol revisions the gateway itself speaks (its upstream servers negotiate their own). */
final class McpRevisions {

    /** The revisions with {@code initialize} and sessions, the newest last. */
    static final Set<String> SESSIONS = Set.of("2025-03-26", "2025-06-18", "2025-11-25");
    static final String LATEST_SESSION = "2025-11-25";
    /** The revision without sessions: every request carries its version in {@code _meta}. */
    static final String STATELESS = "2026-07-28";

    private McpRevisions() {
    }
}
