package io.modelgate.admin;

import io.modelgate.policy.Limit;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.usage.StoredUsage;
import io.modelgate.usage.UsageConfig;
import io.modelgate.usage.UsageQuery;
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
 * Who used how much of which model: the usage aggregates of every replica, grouped and filtered, as JSON or CSV
 * ({@code Accept: text/csv}). What a replica metered in its last {@code modelgate.usage.flush-interval} is not in
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
    @Operation(summary = "Usage: requests, tokens by kind and cost", description = "from/to: ISO-8601 instants or dates "
            + "(a date is its day's start in modelgate.usage.time-zone); default this calendar month. group_by: a comma-separated "
            + "list of issuer, subject, role, model, deployment, endpoint, status_class, minute, hour, day, week, month (default "
            + "model). Filters: issuer, subject, role, model, deployment, endpoint, status_class.")
    public Map<String, Object> report(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("group_by") String groupBy,
            @QueryParam("issuer") String issuer, @QueryParam("subject") String subject, @QueryParam("role") String role,
            @QueryParam("model") String model, @QueryParam("deployment") String deployment, @QueryParam("endpoint") String endpoint,
            @QueryParam("status_class") String statusClass) {
        UsageQuery query = query(from, to, groupBy, issuer, subject, role, model, deployment, endpoint, statusClass);
        List<Map<String, Object>> rows = usage.rows(query).stream().map(UsageRow::fields).toList();
        UsageRow totals = usage.rows(new UsageQuery(query.from(), query.to(), List.of(), query.filters(), zone)).get(0);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("object", "usage");
        report.put("from", query.from().toString());
        report.put("to", query.to().toString());
        report.put("time_zone", zone.getId());
        report.put("group_by", query.groupBy());
        report.put("rows", rows);
        report.put("totals", totals.fields());
        return report;
    }

    @GET
    @Produces("text/csv;qs=0.5") // asked for by name: */* gets JSON
    @Operation(summary = "Usage as CSV: a header line, then a line per group")
    public String csv(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("group_by") String groupBy,
            @QueryParam("issuer") String issuer, @QueryParam("subject") String subject, @QueryParam("role") String role,
            @QueryParam("model") String model, @QueryParam("deployment") String deployment, @QueryParam("endpoint") String endpoint,
            @QueryParam("status_class") String statusClass) {
        UsageQuery query = query(from, to, groupBy, issuer, subject, role, model, deployment, endpoint, statusClass);
        List<String> columns = new ArrayList<>(query.groupBy());
        columns.addAll(UsageSums.NAMES);
        StringBuilder csv = new StringBuilder(String.join(",", columns)).append("\r\n");
        for (UsageRow usageRow : usage.rows(query)) {
            Map<String, Object> row = usageRow.fields();
            for (int i = 0; i < columns.size(); i++) {
                csv.append(i == 0 ? "" : ",").append(csvField(row.get(columns.get(i))));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    private UsageQuery query(String from, String to, String groupBy, String issuer, String subject, String role, String model,
            String deployment, String endpoint, String statusClass) {
        Instant now = clock.instant();
        Instant start = from == null || from.isBlank() ? Limit.Period.MONTH.start(now, zone)
                : instant(from, "from");
        Instant end = to == null || to.isBlank() ? now.plusSeconds(60) : instant(to, "to");
        if (!end.isAfter(start)) {
            throw new PolicyValidationException("to", "must be after from");
        }
        List<String> dimensions = new ArrayList<>();
        for (String dimension : (groupBy == null || groupBy.isBlank() ? "model" : groupBy).split(",")) {
            String name = dimension.trim();
            if (!UsageQuery.DIMENSIONS.contains(name)) {
                throw new PolicyValidationException("group_by", "'" + name + "' is not one of " + String.join(", ", UsageQuery.DIMENSIONS));
            }
            if (!dimensions.contains(name)) {
                dimensions.add(name);
            }
        }
        Map<String, String> filters = new LinkedHashMap<>();
        put(filters, "issuer", issuer);
        put(filters, "subject", subject);
        put(filters, "role", role);
        put(filters, "model", model);
        put(filters, "deployment", deployment);
        put(filters, "endpoint", endpoint);
        if (statusClass != null && !statusClass.isBlank()) {
            if (!statusClass.matches("[1-5]")) {
                throw new PolicyValidationException("status_class", "must be 2, 4 or 5 (the first digit of the status)");
            }
            filters.put("status_class", statusClass);
        }
        return new UsageQuery(start, end, dimensions, filters, zone);
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
