package io.modelgate.identity;

import io.modelgate.access.BuiltInRoles;

import java.util.Set;

/**
 * Someone whose token Modelgate verified, as every part of it sees them — the data plane, the admin API, the
 * operator UI and "explain access".
 *
 * @param issuer       the token's {@code iss}
 * @param subject      the token's {@code sub} (for logs and audit; may be null)
 * @param email        the token's {@code email}, {@code preferred_username} or {@code upn} if any
 * @param name         how to greet them: {@code name}, {@code preferred_username} or the email
 * @param idpRoles     role values found at the policy's claim paths
 * @param gatewayRoles what those values map to, sorted by name
 */
public record Caller(String issuer, String subject, String email, String name, Set<String> idpRoles, Set<String> gatewayRoles) {

    /** The {@code SecurityIdentity} attribute under which the caller of an authenticated request is kept. */
    public static final String ATTRIBUTE = "io.modelgate.caller";

    /** Whether they administer Modelgate (the gateway role {@code proxy_admin}). */
    public boolean isAdmin() {
        return gatewayRoles.contains(BuiltInRoles.PROXY_ADMIN);
    }
}
