package io.modelgate.policy;

import java.util.Locale;

/** The kinds of object an operator edits, with the name they have in URLs and the audit log. */
public enum PolicyObject {
    MODEL, ROLE, PERMISSION, ROLE_MAPPING, CREDENTIAL, LIMIT, MCP_SERVER, SETTINGS, POLICY;

    public String auditName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
