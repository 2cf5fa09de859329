package io.modelgate.admin;

import io.modelgate.policy.Limit;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.usage.StoredUsage;
import io.modelgate.usage.UsageConfig;
import io.modelgate.usage.ToolCallSums;
import io.modelgate.usage.UsageQuery;
import io.modelgate.usage.UsageQuery.Ledger;
import io.modelgate.usage.UsageRow;
import io.modelgate.usage.UsageSums;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who used how much of which model, and who called which MCP tools ({@code /tools}): the usage aggregates of every
 * replica, grouped and filtered, as JSON or CSV ({@code Accept: text/csv}). What a replica metered in its last {@code modelgate.usage.flush-interval} is not in
 * them yet.
 */
@Path(AdminAccess.PATH + "/usage")
@Tag(name = "Usage")
@Blocking
public class UsageResource {

    private final StoredUsage usage;
    private final ZoneId zone;
    private final Clock clock = Clock.systemUTC();

    UsageResource(StoredUsage usage, UsageConfig config) {
        this.usage = usage;
        this.zone = config.timeZone();
    }



    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Usage of models: requests, refusals, tokens by kind and cost", description = "Model calls only: listing "
            + "models, reading one's own usage, stored responses and the admin API are not usage. requests: calls forwarded to a "
            + "model (unknown_usage_requests: answered ones whose upstream reported no usage); refused_requests: calls the gateway "
            + "refused, by reason with group_by=outcome (ok, upstream_error, aborted, or the refusal's code such as "
            + "model_not_permitted, rate_limit_exceeded). from/to: ISO-8601 instants or dates "
            + "(a date is its day's start in modelgate.usage.time-zone); default this calendar month. group_by: a comma-separated "
            + "list of issuer, subject, role, model, deployment, endpoint, status_class, outcome, minute, hour, day, week, month "
            + "(default model). Filters: issuer, subject, role, model, deployment, endpoint, status_class, outcome.")
    public Map<String, Object> report(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("group_by") String groupBy,
            @QueryParam("issuer") String issuer, @QueryParam("subject") String subject, @QueryParam("role") String role,
            @QueryParam("model") String model, @QueryParam("deployment") String deployment, @QueryParam("endpoint") String endpoint,
            @QueryParam("status_class") String statusClass, @QueryParam("outcome") String outcome) {
        UsageQuery query = query(Ledger.MODEL_CALLS, from, to, groupBy, "model", filters(issuer, subject, role, "model", model,
                "deployment", deployment, "endpoint", endpoint, "status_class", statusClass, "outcome", outcome));
        return report("usage", query, usage.rows(query), usage.rows(totals(query)).get(0));
    }

    @GET
    @Produces("text/csv;qs=0.5") // asked for by name: */* gets JSON
    @Operation(summary = "Usage of models as CSV: a header line, then a line per group")
    public String csv(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("group_by") String groupBy,
            @QueryParam("issuer") String issuer, @QueryParam("subject") String subject, @QueryParam("role") String role,
            @QueryParam("model") String model, @QueryParam("deployment") String deployment, @QueryParam("endpoint") String endpoint,
            @QueryParam("status_class") String statusClass, @QueryParam("outcome") String outcome) {
        UsageQuery query = query(Ledger.MODEL_CALLS, from, to, groupBy, "model", filters(issuer, subject, role, "model", model,
                "deployment", deployment, "endpoint", endpoint, "status_class", statusClass, "outcome", outcome));
        return csv(query, UsageSums.NAMES, usage.rows(query));
    }

    @GET
    @Path("/tools")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "MCP tool calls: calls and their duration", description = "Every tools/call of an authenticated caller, "
            + "allowed or refused. from/to as for model usage. group_by: a comma-separated list of issuer, subject, role, server, "
            + "tool, outcome, minute, hour, day, week, month (default server,tool). outcome: ok (the server answered), upstream_error, "
            + "or the code the gateway refused the call with (tool_not_permitted, rate_limit_exceeded, …); role: the role that "
            + "granted the call, none when refused. Filters: issuer, subject, role, server, tool, outcome.")
    public Map<String, Object> toolReport(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("group_by") String groupBy, @QueryParam("issuer") String issuer, @QueryParam("subject") String subject,
            @QueryParam("role") String role, @QueryParam("server") String server, @QueryParam("tool") String tool,
            @QueryParam("outcome") String outcome) {
        UsageQuery query = query(Ledger.TOOL_CALLS, from, to, groupBy, "server,tool",
                filters(issuer, subject, role, "server", server, "tool", tool, "outcome", outcome));
        return report("tool_calls", query, usage.toolCallRows(query), usage.toolCallRows(totals(query)).get(0));
    }

    @GET
    @Path("/tools")
    @Produces("text/csv;qs=0.5")
    @Operation(summary = "MCP tool calls as CSV: a header line, then a line per group")
    public String toolCsv(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("group_by") String groupBy,
            @QueryParam("issuer") String issuer, @QueryParam("subject") String subject, @QueryParam("role") String role,
            @QueryParam("server") String server, @QueryParam("tool") String tool, @QueryParam("outcome") String outcome) {
        UsageQuery query = query(Ledger.TOOL_CALLS, from, to, groupBy, "server,tool",
                filters(issuer, subject, role, "server", server, "tool", tool, "outcome", outcome));
        return csv(query, ToolCallSums.NAMES, usage.toolCallRows(query));
    }

    private Map<String, Object> report(String object, UsageQuery query, List<? extends UsageRow<?>> rows, UsageRow<?> totals) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("object", object);
        report.put("from", query.from().toString());
        report.put("to", query.to().toString());
        report.put("time_zone", zone.getId());
        report.put("group_by", query.groupBy());
        report.put("rows", rows.stream().map(UsageRow::fields).toList());
        report.put("totals", totals.fields());
        return report;
    }

    private UsageQuery totals(UsageQuery query) {
        return new UsageQuery(query.ledger(), query.from(), query.to(), List.of(), query.filters(), zone);
    }

    private static String csv(UsageQuery query, List<String> sums, List<? extends UsageRow<?>> rows) {
        List<String> columns = new ArrayList<>(query.groupBy());
        columns.addAll(sums);
        StringBuilder csv = new StringBuilder(String.join(",", columns)).append("\r\n");
        for (UsageRow<?> usageRow : rows) {
            Map<String, Object> row = usageRow.fields();
            for (int i = 0; i < columns.size(); i++) {
                csv.append(i == 0 ? "" : ",").append(csvField(row.get(columns.get(i))));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    /** The filters asked for: the caller's three, then the ledger's own as name, value pairs; blank ones left out. */
    private static Map<String, String> filters(String issuer, String subject, String role, String... more) {
        Map<String, String> filters = new LinkedHashMap<>();
        put(filters, "issuer", issuer);
        put(filters, "subject", subject);
        put(filters, "role", role);
        for (int i = 0; i < more.length; i += 2) {
            put(filters, more[i], more[i + 1]);
        }
        String statusClass = filters.get("status_class");
        if (statusClass != null && !statusClass.matches("[1-5]")) {
            throw new PolicyValidationException("status_class", "must be 2, 4 or 5 (the first digit of the status)");
        }
        return filters;
    }

    private UsageQuery query(Ledger ledger, String from, String to, String groupBy, String defaultGroupBy, Map<String, String> filters) {
        Instant now = clock.instant();
        Instant start = from == null || from.isBlank() ? Limit.Period.MONTH.start(now, zone)
                : instant(from, "from");
        Instant end = to == null || to.isBlank() ? now.plusSeconds(60) : instant(to, "to");
        if (!end.isAfter(start)) {
            throw new PolicyValidationException("to", "must be after from");
        }
        List<String> dimensions = new ArrayList<>();
        for (String dimension : (groupBy == null || groupBy.isBlank() ? defaultGroupBy : groupBy).split(",")) {
            String name = dimension.trim();
            if (!ledger.dimensions().contains(name)) {
                throw new PolicyValidationException("group_by", "'" + name + "' is not one of " + String.join(", ", ledger.dimensions()));
            }
            if (!dimensions.contains(name)) {
                dimensions.add(name);
            }
        }
        return new UsageQuery(ledger, start, end, dimensions, filters, zone);
    }

    private static void put(Map<String, String> filters, String dimension, String value) {
        if (value != null && !value.isEmpty()) {
            filters.put(dimension, value);
        }
    }

    private Instant instant(String value, String field) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(zone).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new PolicyValidationException(field, "must be a date (2026-12-01) or an ISO-8601 instant (2026-12-01T10:15:30Z)");
        }
    }

    /** A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused for spreadsheets. */
    static String csvField(Object value) {
        String text = value == null ? "" : value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString();
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
