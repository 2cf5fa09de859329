package io.modelgate.ui;

import io.modelgate.access.BuiltInRoles;
import io.modelgate.usage.StoredUsage;
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
 * 7, 30 or 90 days, optionally for one role or model; and each budget's spending this period ({@link BudgetSpending}).
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
        for (UsageRow row : usage.rows(new UsageQuery(from, to, List.of("day", filters.by()), where, zone))) {
            series.computeIfAbsent(row.dimension(filters.by()), k -> new LinkedHashMap<>())
                    .merge(row.dimension("day"), measure(row.sums(), filters.measure()), Double::sum);
        }
        String unit = filters.measure().equals("cost") ? "USD" : "tokens";
        UsageChart chart = UsageChart.stacked(dayLabels, series, unit);
        List<TopCaller> top = usage.rows(new UsageQuery(from, to, List.of("subject"), where, zone)).stream()
                .sorted(Comparator.comparingDouble((UsageRow row) -> measure(row.sums(), filters.measure())).reversed()).limit(10)
                .map(row -> new TopCaller(row.dimension("subject"), row.sums().requests(),
                        UsageChart.format(row.sums().tokens(), "tokens"), UsageChart.format(row.sums().costUsd().doubleValue(), "USD")))
                .toList();
        return Response.ok(UiTemplates.usage(Operator.of(identity), "usage", filters, chart, top, budgets.all(clock.instant()))).build();
    }

    private static double measure(UsageSums sums, String measure) {
        return measure.equals("cost") ? sums.costUsd().doubleValue() : sums.tokens();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
