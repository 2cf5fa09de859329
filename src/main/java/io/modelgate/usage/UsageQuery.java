package io.modelgate.usage;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A question to the stored usage: a period, the dimensions to group by, and filters. Builds its one SQL statement
 * from a fixed set of dimension names (nothing a caller types becomes SQL), with every value a parameter.
 *
 * @param groupBy dimensions ({@link #DIMENSIONS}) in the order the rows show them
 * @param filters dimension → the one value rows must have
 */
public record UsageQuery(Instant from, Instant to, List<String> groupBy, Map<String, String> filters, ZoneId zone) {

    /** Dimensions that are periods: rows grouped by them carry the period's start in the configured time zone. */
    public static final List<String> PERIODS = List.of("minute", "hour", "day", "week", "month");
    /** What rows can be grouped and filtered by: a dimension name and its SQL expression. */
    public static final Map<String, String> DIMENSIONS = dimensions();
    /** The sums every row carries, by name. */
    public static final List<String> SUMS = List.of("requests", "unknown_usage_requests", "input_tokens", "cached_input_tokens",
            "cache_write_input_tokens", "output_tokens", "reasoning_tokens", "cost_usd");

    private static Map<String, String> dimensions() {
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (String column : List.of("issuer", "subject", "role", "model", "deployment", "endpoint", "status_class")) {
            dimensions.put(column, column);
        }
        for (String period : PERIODS) {
            dimensions.put(period, "to_char(date_trunc('" + period + "', minute at time zone ?), 'YYYY-MM-DD\"T\"HH24:MI')");
        }
        return dimensions;
    }

    public UsageQuery {
        groupBy = List.copyOf(groupBy);
        filters = Map.copyOf(filters);
    }

    /** The statement; {@link #parameters} are its values in order. */
    public String sql() {
        StringBuilder sql = new StringBuilder("select ");
        for (String dimension : groupBy) {
            sql.append(DIMENSIONS.get(dimension)).append(" as ").append(dimension).append(", ");
        }
        for (int i = 0; i < SUMS.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("sum(").append(SUMS.get(i)).append(")").append(SUMS.get(i).equals("cost_usd") ? "" : "::bigint")
                    .append(" as ").append(SUMS.get(i));
        }
        sql.append(" from usage_minute where minute >= ? and minute < ?");
        filters.keySet().stream().sorted().forEach(dimension -> sql.append(" and ").append(dimension).append(" = ?"));
        if (!groupBy.isEmpty()) {
            sql.append(" group by ");
            for (int i = 0; i < groupBy.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(i + 1);
            }
            sql.append(" order by ");
            for (int i = 0; i < groupBy.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(i + 1);
            }
        }
        return sql.toString();
    }

    public Object[] parameters() {
        List<Object> parameters = new ArrayList<>();
        for (String dimension : groupBy) {
            if (PERIODS.contains(dimension)) {
                parameters.add(zone.getId());
            }
        }
        parameters.add(from);
        parameters.add(to);
        filters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(filter -> parameters.add(
                filter.getKey().equals("status_class") ? Short.valueOf(filter.getValue()) : filter.getValue()));
        return parameters.toArray();
    }
}
