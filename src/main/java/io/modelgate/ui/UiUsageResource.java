package io.modelgate.ui;

import io.modelgate.access.BuiltInRoles;
import io.modelgate.usage.StoredUsage;
import io.modelgate.usage.ToolCallSums;
import io.modelgate.usage.UsageConfig;
import io.modelgate.usage.UsageQuery;
import io.modelgate.usage.UsageRow;
import io.modelgate.usage.UsageSums;
import io.quarkus.oidc.Tenant;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Usage page: tokens or cost per day by model or role as a stacked bar chart and the top callers, for the last
 * 7, 30 or 90 days, optionally for one role or model; the MCP tools called (by role, not model); and each budget's
 * spending this period ({@link BudgetSpending}).
 * From the stored usage of every replica, as {@code /admin/api/usage} serves it.
 */
@Path("/admin/usage")
@Tenant("ui")
@RolesAllowed(BuiltInRoles.PROXY_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class UiUsageResource {

    /** A caller's line in the top list. */
    public record TopCaller(String subject, long requests, String tokens, String cost) {
    }

    /** Model calls the gateway refused in the period, by model and reason (the error code), the most first. */
    public record Refusal(String model, String reason, long calls) {
    }

    /** An MCP tool's line: its calls in the period by outcome, and how long they took on average. */
    public record ToolLine(String server, String tool, long calls, long refused, long upstreamErrors, long meanMillis) {
    }

    /** What the filters ask for. */
    public record Filters(int days, String by, String measure, String role, String model) {
    }

    private final SecurityIdentity identity;
    private final StoredUsage usage;
    private final BudgetSpending budgets;
    private final ZoneId zone;
    private final Clock clock = Clock.systemUTC();

    UiUsageResource(SecurityIdentity identity, StoredUsage usage, BudgetSpending budgets, UsageConfig config) {
        this.identity = identity;
        this.usage = usage;
        this.budgets = budgets;
        this.zone = config.timeZone();
    }

    @GET
    public Response page(@QueryParam("days") @DefaultValue("30") int days, @QueryParam("by") @DefaultValue("model") String by,
            @QueryParam("measure") @DefaultValue("tokens") String measure, @QueryParam("role") String role,
            @QueryParam("model") String model) {
        Filters filters = new Filters(List.of(7, 30, 90).contains(days) ? days : 30, by.equals("role") ? "role" : "model",
                measure.equals("cost") ? "cost" : "tokens", blankToNull(role), blankToNull(model));
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Instant from = today.minusDays(filters.days() - 1L).atStartOfDay(zone).toInstant();
        Instant to = clock.instant().plusSeconds(60);
        Map<String, String> where = new LinkedHashMap<>();
        if (filters.role() != null) {
            where.put("role", filters.role());
        }
        if (filters.model() != null) {
            where.put("model", filters.model());
        }
        List<String> dayLabels = new ArrayList<>();
        for (int i = filters.days() - 1; i >= 0; i--) {
            dayLabels.add(today.minusDays(i) + "T00:00");
        }
        Map<String, Map<String, Double>> series = new LinkedHashMap<>();
        for (UsageRow<UsageSums> row : usage.rows(new UsageQuery(from, to, List.of("day", filters.by()), where, zone))) {
            if (row.sums().requests() == 0) { // refusals only: no model was used
                continue;
            }
            series.computeIfAbsent(row.dimension(filters.by()), k -> new LinkedHashMap<>())
                    .merge(row.dimension("day"), measure(row.sums(), filters.measure()), Double::sum);
        }
        String unit = filters.measure().equals("cost") ? "USD" : "tokens";
        UsageChart chart = UsageChart.stacked(dayLabels, series, unit);
        List<TopCaller> top = usage.rows(new UsageQuery(from, to, List.of("subject"), where, zone)).stream()
                .filter(row -> row.sums().requests() > 0)
                .sorted(Comparator.comparingDouble((UsageRow<UsageSums> row) -> measure(row.sums(), filters.measure())).reversed()).limit(10)
                .map(row -> new TopCaller(row.dimension("subject"), row.sums().requests(),
                        UsageChart.format(row.sums().tokens(), "tokens"), UsageChart.format(row.sums().costUsd().doubleValue(), "USD")))
                .toList();
        Map<String, String> toolsWhere = filters.role() == null ? Map.of() : Map.of("role", filters.role());
        List<ToolLine> tools = toolLines(usage.toolCallRows(new UsageQuery(UsageQuery.Ledger.TOOL_CALLS, from, to,
                List.of("server", "tool", "outcome"), toolsWhere, zone)));
        List<Refusal> refusals = usage.rows(new UsageQuery(from, to, List.of("model", "outcome"), where, zone)).stream()
                .filter(row -> row.sums().refusedRequests() > 0)
                .map(row -> new Refusal(row.dimension("model"), row.dimension("outcome"), row.sums().refusedRequests()))
                .sorted(Comparator.comparingLong(Refusal::calls).reversed()).limit(20).toList();
        return Response.ok(UiTemplates.usage(Operator.of(identity), "usage", filters, chart, top, refusals, tools,
                budgets.all(clock.instant()))).build();
    }

    /** Rows by server, tool and outcome folded into a line per tool, the most called first. */
    static List<ToolLine> toolLines(List<UsageRow<ToolCallSums>> rows) {
        Map<List<String>, long[]> byTool = new LinkedHashMap<>(); // calls, refused, upstream errors, milliseconds
        for (UsageRow<ToolCallSums> row : rows) {
            long[] sums = byTool.computeIfAbsent(List.of(row.dimension("server"), row.dimension("tool")), k -> new long[4]);
            String outcome = row.dimension("outcome");
            long calls = row.sums().calls();
            sums[0] += calls;
            if (outcome.equals("upstream_error")) {
                sums[2] += calls;
            } else if (!outcome.equals("ok")) { // a refusal's code
                sums[1] += calls;
            }
            sums[3] += row.sums().durationMillis();
        }
        return byTool.entrySet().stream().map(e -> new ToolLine(e.getKey().get(0), e.getKey().get(1), e.getValue()[0], e.getValue()[1],
                e.getValue()[2], e.getValue()[0] == 0 ? 0 : e.getValue()[3] / e.getValue()[0]))
                .sorted(Comparator.comparingLong(ToolLine::calls).reversed()).toList();
    }

    private static double measure(UsageSums sums, String measure) {
        return measure.equals("cost") ? sums.costUsd().doubleValue() : sums.tokens();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
