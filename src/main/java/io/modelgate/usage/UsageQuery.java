package io.modelgate.usage;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A question to the stored usage: a period, the dimensions to group by, and filters. Builds its one query over
 * {@link UsageMinute} from a fixed set of dimension names (nothing a caller types becomes part of it), with every value
 * a parameter.
 *
 * @param groupBy dimensions ({@link #DIMENSIONS}) in the order the rows show them
 * @param filters dimension → the one value rows must have
 */
public record UsageQuery(Instant from, Instant to, List<String> groupBy, Map<String, String> filters, ZoneId zone) {

    /** Dimensions that are periods: rows grouped by them carry the period's start in the configured time zone. */
    public static final List<String> PERIODS = List.of("minute", "hour", "day", "week", "month");
    /** What rows can be grouped and filtered by: a dimension name and the field of {@link UsageMinute.Key} it is. */
    private static final Map<String, String> FIELDS = Map.of("issuer", "issuer", "subject", "subject", "role", "role", "model", "model",
            "deployment", "deployment", "endpoint", "endpoint", "status_class", "statusClass");
    /** Every dimension, in the order the usage API lists them. */
    public static final List<String> DIMENSIONS = List.of("issuer", "subject", "role", "model", "deployment", "endpoint", "status_class",
            "minute", "hour", "day", "week", "month");

    public UsageQuery {
        groupBy = List.copyOf(groupBy);
        filters = Map.copyOf(filters);
    }

    /** The query (HQL); {@link #parameters} are its values by name. */
    String hql() {
        StringBuilder query = new StringBuilder("select ");
        for (String dimension : groupBy) {
            query.append(expression(dimension)).append(", ");
        }
        for (int i = 0; i < UsageSums.FIELDS.size(); i++) {
            query.append(i == 0 ? "" : ", ").append("sum(u.").append(UsageSums.FIELDS.get(i)).append(")");
        }
        query.append(" from UsageMinute u where u.key.minute >= :from and u.key.minute < :to");
        filters.keySet().stream().sorted().forEach(dimension -> query.append(" and u.key.").append(FIELDS.get(dimension))
                .append(" = :").append(dimension));
        if (!groupBy.isEmpty()) {
            String dimensions = String.join(", ", groupBy.stream().map(this::expression).toList());
            query.append(" group by ").append(dimensions).append(" order by ").append(dimensions);
        }
        return query.toString();
    }

    Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("from", from);
        parameters.put("to", to);
        filters.forEach((dimension, value) -> parameters.put(dimension, dimension.equals("status_class") ? Short.valueOf(value) : value));
        return parameters;
    }

    /**
     * A dimension's expression. A period is the minute's date and time in the report's zone, truncated: the zone is
     * written into the query (a zone id is letters, digits and {@code /_+-} only), since PostgreSQL matches grouped
     * expressions by their text and two parameters are never the same text.
     */
    private String expression(String dimension) {
        if (!PERIODS.contains(dimension)) {
            return "u.key." + FIELDS.get(dimension);
        }
        String zoneId = zone.getId().replace("'", "");
        return "function('to_char', function('date_trunc', '" + dimension + "', function('timezone', '" + zoneId
                + "', u.key.minute)), 'YYYY-MM-DD\"T\"HH24:MI')";
    }
}
