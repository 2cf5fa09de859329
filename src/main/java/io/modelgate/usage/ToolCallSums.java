package io.modelgate.usage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a group of MCP tool calls came to: how many, and how long they took together. */
public record ToolCallSums(long calls, long durationMillis) implements UsageRow.Sums {

    /** The fields of {@link ToolCallMinute} the sums are of. */
    static final List<String> FIELDS = List.of("calls", "durationMillis");
    /** The sums' names, in the order reports show them. */
    public static final List<String> NAMES = List.of("calls", "duration_ms", "mean_duration_ms");

    /** The mean time a call took, in milliseconds; 0 with no calls. */
    public long meanMillis() {
        return calls == 0 ? 0 : durationMillis / calls;
    }

    /** The sums as a report shows them, by {@link #NAMES}. */
    @Override
    public Map<String, Object> byName() {
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("calls", calls);
        named.put("duration_ms", durationMillis);
        named.put("mean_duration_ms", meanMillis());
        return named;
    }

    static ToolCallSums of(Object[] columns, int from) {
        return new ToolCallSums(UsageSums.count(columns[from]), UsageSums.count(columns[from + 1]));
    }
}
