package io.modelgate.access;

import java.util.Set;

/**
 * The answer to "may this caller use this MCP server (or this tool of it)", with the rule that decided and why: the
 * same answer enforces {@code /mcp} and explains access to operators.
 *
 * @param tool      the tool asked about; null when the question is the server
 * @param rule      the grant that allowed it ({@code internal_user → wiki/*}); null when denied
 * @param grantedBy the gateway role whose grant allowed it; null when denied
 */
public record McpDecision(Outcome outcome, String server, String tool, Set<String> gatewayRoles, String rule, String grantedBy,
        String reason) {

    public enum Outcome {
        ALLOWED,
        /** The token carries no IdP role that maps to a gateway role. */
        NO_GATEWAY_ROLE,
        /** No grant of the caller's roles covers it (whether or not it exists). */
        NOT_PERMITTED,
        /** The caller would be permitted it, but no such server exists. */
        UNKNOWN_SERVER,
        /** The server's own {@code allowed_tools}/{@code disallowed_tools} keep the tool from everyone. */
        NOT_OFFERED
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }
}
