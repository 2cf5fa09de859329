package io.modelgate.usage;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A question to the stored usage, of model calls or of MCP tool calls ({@link Ledger}): a period, the dimensions to
 * group by, and filters. Builds its one query from a fixed set of dimension names (nothing a caller types becomes part
 * of it), with every value a parameter.
 *
 * @param groupBy dimensions ({@link Ledger#dimensions}) in the order the rows show them
 * @param filters dimension → the one value rows must have
 */
public record UsageQuery(Ledger ledger, Instant from, Instant to, List<String> groupBy, Map<String, String> filters, ZoneId zone) {

    /** Dimensions that are periods: rows grouped by them carry the period's start in the configured time zone. */
    public static final List<String> PERIODS = List.of("minute", "hour", "day", "week", "month");

    /** What is counted: an entity of per-minute sums, the key fields it is grouped and filtered by, and the sums. */
    public enum Ledger {
        /** Model calls ({@link UsageMinute}), summed as {@link UsageSums}. */
        MODEL_CALLS("UsageMinute", List.of("issuer", "subject", "role", "model", "deployment", "endpoint", "status_class", "outcome"),
                UsageSums.FIELDS),
        /** MCP tool calls ({@link ToolCallMinute}), summed as {@link ToolCallSums}. */
        TOOL_CALLS("ToolCallMinute", List.of("issuer", "subject", "role", "server", "tool", "outcome"), ToolCallSums.FIELDS);

        private final String entity;
        private final List<String> keys;
        private final List<String> sums;

        Ledger(String entity, List<String> keys, List<String> sums) {
            this.entity = entity;
            this.keys = keys;
            this.sums = sums;
        }

        /** What rows can be filtered by: fields of the entity's key, by their snake_case names. */
        public List<String> filters() {
            return keys;
        }

        /** Every dimension rows can be grouped by, in the order the usage API lists them: the filters, then the periods. */
        public List<String> dimensions() {
            List<String> all = new java.util.ArrayList<>(keys);
            all.addAll(PERIODS);
            return all;
        }
    }

    /** The dimensions of model calls, in the order the usage API lists them. */
    public static final List<String> DIMENSIONS = Ledger.MODEL_CALLS.dimensions();

    public UsageQuery {
        groupBy = List.copyOf(groupBy);
        filters = Map.copyOf(filters);
    }

    /** A question about model calls. */
    public UsageQuery(Instant from, Instant to, List<String> groupBy, Map<String, String> filters, ZoneId zone) {
        this(Ledger.MODEL_CALLS, from, to, groupBy, filters, zone);
    }

    /** The query (HQL); {@link #parameters} are its values by name. */
    String hql() {
        StringBuilder query = new StringBuilder("select ");
        for (String dimension : groupBy) {
            query.append(expression(dimension)).append(", ");
        }
        for (int i = 0; i < ledger.sums.size(); i++) {
            query.append(i == 0 ? "" : ", ").append("sum(u.").append(ledger.sums.get(i)).append(")");
        }
        query.append(" from ").append(ledger.entity).append(" u where u.key.minute >= :from and u.key.minute < :to");
        filters.keySet().stream().sorted().forEach(dimension -> query.append(" and ").append(expression(dimension))
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
            if (!ledger.keys.contains(dimension)) {
                throw new IllegalArgumentException(dimension + " is not a dimension of " + ledger);
            }
            return "u.key." + camelCase(dimension);
        }
        String zoneId = zone.getId().replace("'", "");
        return "function('to_char', function('date_trunc', '" + dimension + "', function('timezone', '" + zoneId
                + "', u.key.minute)), 'YYYY-MM-DD\"T\"HH24:MI')";
    }

    private static String camelCase(String snakeCase) {
        StringBuilder name = new StringBuilder(snakeCase.length());
        for (int i = 0; i < snakeCase.length(); i++) {
            char c = snakeCase.charAt(i);
            name.append(c == '_' ? Character.toUpperCase(snakeCase.charAt(++i)) : c);
        }
        return name.toString();
    }
}
