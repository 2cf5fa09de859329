package io.modelgate.access;

import java.util.Set;

/**
 * The answer to "may this caller use this model", with the reason and the rule that decided,
 * so that what operators are shown is exactly what is enforced.
 *
 * @param outcome      what was decided
 * @param model        the model asked for
 * @param gatewayRoles the caller's gateway roles
 * @param rule         the rule that allowed the call (e.g. {@code internal_user → anthropic-*}); null when denied
 * @param grantedBy    the gateway role whose permission allowed the call; null when denied
 * @param reason       one sentence explaining the outcome
 */
public record AccessDecision(Outcome outcome, String model, Set<String> gatewayRoles, String rule, String grantedBy,
        String reason) {

    public enum Outcome {
        /** The caller may use the model. */
        ALLOWED,
        /** The token carries no IdP role that maps to a gateway role. */
        NO_GATEWAY_ROLE,
        /** The caller's roles do not permit this model (whether or not it exists). */
        NOT_PERMITTED,
        /** The caller would be permitted this name, but no such model exists. */
        UNKNOWN_MODEL
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }
}
