package io.modelgate.limits;

import io.modelgate.identity.Caller;
import io.modelgate.policy.Limit;

/**
 * A limit as the data plane applies it: whom it is for, who shares its counters, and its ceilings (null: none).
 * Which models it covers is settled when the snapshot is built ({@link LimitsByModel}).
 */
public record LimitRule(String name, String role, String subject, String issuer, Limit.Scope scope, Long rpm, Long tpm,
        Integer maxParallelRequests, Double budgetUsd, Long budgetTokens, Limit.Period period, java.util.List<String> models) {

    /** The limit as applied to {@code models}, the policy's models its patterns match. */
    public static LimitRule of(Limit limit, java.util.List<String> models) {
        Limit.Budget budget = limit.budget();
        return new LimitRule(limit.name(), limit.role(), limit.subject(), limit.issuer(), limit.scope(), limit.rpm(), limit.tpm(),
                limit.maxParallelRequests(), budget == null || budget.usd() == null ? null : budget.usd().doubleValue(),
                budget == null ? null : budget.tokens(), budget == null ? null : budget.period(), java.util.List.copyOf(models));
    }

    /** Whether it is a limit on this caller: one of their gateway roles, or their subject (and issuer, if given). */
    public boolean appliesTo(Caller caller) {
        if (role != null) {
            return caller.gatewayRoles().contains(role);
        }
        return subject.equals(caller.subject()) && (issuer == null || issuer.equals(caller.issuer()));
    }

    /** Whose counters a call of this caller counts against: the caller's own, or the role's shared ones. */
    public String counterKey(Caller caller) {
        return scope == Limit.Scope.ROLE ? name : name + '\n' + caller.issuer() + '\n' + caller.subject();
    }

    public boolean hasBudget() {
        return budgetUsd != null || budgetTokens != null;
    }
}
