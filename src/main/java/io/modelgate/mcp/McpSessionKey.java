package io.modelgate.mcp;

import io.modelgate.secret.SecretsConfig;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The sessions of both MCP endpoints, and the key that seals sessions of the 2025 revisions: {@code modelgate.mcp.session-key}, else derived from
 * {@code modelgate.secrets.key}, else random for this process alone (said once in the log: sessions then live and
 * die with this replica).
 */
@Singleton
class McpSessionKey {

    private static final Logger LOG = Logger.getLogger(McpSessionKey.class);

    private final byte[] key;
    private final SealedSessions sessions;

    McpSessionKey(McpConfig config, SecretsConfig secrets) {
        if (config.sessionKey().filter(k -> !k.isBlank()).isPresent()) {
            this.key = decode(config.sessionKey().get(), "modelgate.mcp.session-key");
        } else if (secrets.key().filter(k -> !k.isBlank()).isPresent()) {
            this.key = SealedSessions.derivedKey(decode(secrets.key().get(), "modelgate.secrets.key"));
        } else {
            this.key = new byte[32];
            new SecureRandom().nextBytes(key);
            LOG.info("MCP sessions (2025 protocol revisions) are sealed with a key of this process alone: set modelgate.mcp.session-key"
                    + " (or modelgate.secrets.key) on every replica so that a session survives a restart and reaches any replica");
        }
        this.sessions = new SealedSessions(key, config.sessionLifetime());
    }

    /** Sessions sealed with this key. */
    SealedSessions sessions() {
        return sessions;
    }

    private static byte[] decode(String base64, String property) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " is not base64 (generate one with: openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(property + " must be 32 bytes (base64 of 32 random bytes), not " + bytes.length);
        }
        return bytes;
    }
}
