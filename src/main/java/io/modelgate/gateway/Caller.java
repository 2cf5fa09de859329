package io.modelgate.gateway;

import java.util.Set;

/**
 * A verified caller as the gateway sees it.
 *
 * @param subject      the token's {@code sub} (for logs and audit; may be null)
 * @param email        the token's {@code email}, {@code preferred_username} or {@code upn} if any
 * @param idpRoles     role values found at the configured claim paths
 * @param gatewayRoles what those values map to
 */
public record Caller(String subject, String email, Set<String> idpRoles, Set<String> gatewayRoles) {
}
