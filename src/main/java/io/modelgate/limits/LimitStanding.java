package io.modelgate.limits;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.modelgate.policy.Limit;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * Where a caller stands under one limit on this replica: its ceilings (null: none), what is used of each and when
 * that resets. What "explain" and a caller's own {@code GET /v1/me} show.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LimitStanding(String name, Limit.Scope per, Long rpm, long requestsInLastMinute, Long tpm, long tokensInLastMinute,
        Integer maxParallelRequests, int inFlight, Double budgetUsd, Long budgetTokens, Limit.Period period, double spentUsd,
        long spentTokens, Instant budgetResetsAt) {
}
