package io.modelgate.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.modelgate.policy.validation.ConsistentFields;
import io.modelgate.policy.validation.FieldConsistency;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A ceiling on calls, under {@code modelgate.limits}: for a gateway role or for one subject (the token's {@code sub},
 * of any issuer unless {@code issuer} is given), on the models its patterns match (every model by default), counted
 * for each caller on their own or for all of a role's callers together. Every limit that matches a call applies; the
 * call must fit all of them.
 *
 * @param per                 {@code caller} (default): each subject its own counters; {@code role}: one set for the role
 * @param rpm                 requests per minute (a sliding minute)
 * @param tpm                 tokens (input + output) per minute, charged when a call's usage is known
 * @param maxParallelRequests calls in flight at once
 * @param budget              a token or US-dollar budget per calendar day, week or month
 * @param mcp                 MCP servers ({@code *}: all) whose tool calls it limits instead of model calls: rpm and
 *                            max_parallel_requests, per caller or for the role, on each server's {@code tools/call}
 */
@ModelgateOwned
@ConsistentFields
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Limit(
        @NotBlank(message = "is required") @Pattern(regexp = PolicyNames.PATTERN, message = PolicyNames.MESSAGE) String name,
        String role,
        String subject,
        String issuer,
        Scope per,
        List<@NotBlank(message = "must be a model name or pattern") @PolicySyntax(Syntax.MODEL_PATTERN) String> models,
        @Min(value = 1, message = COUNT) @Max(value = 1_000_000_000L, message = COUNT) Long rpm,
        @Min(value = 1, message = COUNT) @Max(value = 1_000_000_000_000L, message = COUNT) Long tpm,
        @Min(value = 1, message = COUNT) @Max(value = 1_000_000, message = COUNT) Integer maxParallelRequests,
        @Valid Budget budget,
        List<@NotBlank(message = "must be an MCP server's name or *") @Pattern(regexp = "\\*|" + McpServer.NAME,
                message = "must be an MCP server's name or *") String> mcp) implements FieldConsistency {

    static final String COUNT = "must be a whole number of at least 1";

    public Limit {
        models = models == null ? null : PolicyLists.copy(models);
        mcp = mcp == null ? null : PolicyLists.copy(mcp);
    }

    /** A limit on model calls ({@code mcp} absent), as before MCP servers could be limited. */
    public Limit(String name, String role, String subject, String issuer, Scope per, List<String> models, Long rpm, Long tpm,
            Integer maxParallelRequests, Budget budget) {
        this(name, role, subject, issuer, per, models, rpm, tpm, maxParallelRequests, budget, null);
    }

    /** Whether it limits MCP tool calls (on the servers of {@code mcp}) rather than model calls. */
    public boolean limitsMcp() {
        return mcp != null && !mcp.isEmpty();
    }

    /** Who shares a limit's counters. */
    public enum Scope {
        CALLER, ROLE;

        @JsonValue
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A calendar period, in {@code modelgate.usage.time-zone} (weeks start on Monday). */
    public enum Period {
        DAY, WEEK, MONTH;

        @JsonValue
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The start of the period that contains {@code now}. */
        public java.time.Instant start(java.time.Instant now, java.time.ZoneId zone) {
            return first(java.time.LocalDate.ofInstant(now, zone)).atStartOfDay(zone).toInstant();
        }

        /** The start of the period after the one that contains {@code now}. */
        public java.time.Instant next(java.time.Instant now, java.time.ZoneId zone) {
            java.time.LocalDate first = first(java.time.LocalDate.ofInstant(now, zone));
            java.time.LocalDate next = switch (this) {
                case DAY -> first.plusDays(1);
                case WEEK -> first.plusWeeks(1);
                case MONTH -> first.plusMonths(1);
            };
            return next.atStartOfDay(zone).toInstant();
        }

        private java.time.LocalDate first(java.time.LocalDate day) {
            return switch (this) {
                case DAY -> day;
                case WEEK -> day.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
                case MONTH -> day.withDayOfMonth(1);
            };
        }
    }

    /** What may be spent per period: US dollars at the models' prices, or tokens (input + output). */
    @ConsistentFields
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Budget(@DecimalMin(value = "0", inclusive = false, message = "must be more than 0") BigDecimal usd,
            @Min(value = 1, message = COUNT) Long tokens,
            @NotNull(message = "is required: day, week or month") Period period) implements FieldConsistency {

        @Override
        public List<FieldProblem> fieldProblems() {
            if ((usd == null) == (tokens == null)) {
                return List.of(new FieldProblem("usd", "give either usd or tokens"));
            }
            return List.of();
        }
    }

    /** The model patterns it applies to: every model when none are given. */
    public List<String> modelPatterns() {
        return models == null || models.isEmpty() ? List.of("*") : models;
    }

    public Scope scope() {
        return per == null ? Scope.CALLER : per;
    }

    @Override
    public List<FieldProblem> fieldProblems() {
        List<FieldProblem> problems = new ArrayList<>();
        if ((role == null) == (subject == null)) {
            problems.add(new FieldProblem("role", "give either role (a gateway role) or subject (a token's sub)"));
        }
        if (issuer != null && subject == null) {
            problems.add(new FieldProblem("issuer", "narrows a subject limit to one issuer; give subject too"));
        }
        if (per == Scope.ROLE && role == null) {
            problems.add(new FieldProblem("per", "'role' counts a role's callers together; give role"));
        }
        if (rpm == null && tpm == null && maxParallelRequests == null && budget == null) {
            problems.add(new FieldProblem("rpm", "set at least one of rpm, tpm, max_parallel_requests and budget"));
        }
        if (limitsMcp()) { // tool calls are counted, not metered in tokens or dollars
            if (models != null && !models.isEmpty()) {
                problems.add(new FieldProblem("models", "a limit is on models or on MCP servers (mcp), not both; make two limits"));
            }
            if (tpm != null || budget != null) {
                problems.add(new FieldProblem(tpm != null ? "tpm" : "budget", "MCP tool calls are limited by rpm and max_parallel_requests"));
            }
        }
        return problems;
    }
}
