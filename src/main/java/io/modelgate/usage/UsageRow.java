package io.modelgate.usage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a usage report: the values of the dimensions it is grouped by ({@link UsageQuery.Ledger#dimensions}; a
 * period's start as {@code 2026-12-01T00:00} in the report's time zone), and its sums ({@link UsageSums} of model
 * calls, {@link ToolCallSums} of tool calls).
 */
public record UsageRow<S extends UsageRow.Sums>(Map<String, Object> dimensions, S sums) {

    /** What a row sums up, by the names a report shows. */
    public interface Sums {
        Map<String, Object> byName();
    }

    /** A dimension's value as text ({@code ""} when the row is not grouped by it). */
    public String dimension(String name) {
        Object value = dimensions.get(name);
        return value == null ? "" : value.toString();
    }

    /** The row as the usage API shows it: its dimensions, then its sums, by name. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>(dimensions);
        fields.putAll(sums.byName());
        return fields;
    }
}
