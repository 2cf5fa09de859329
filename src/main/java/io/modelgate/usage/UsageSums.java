package io.modelgate.usage;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a group of calls used: requests, tokens by kind and their cost. */
public record UsageSums(long requests, long unknownUsageRequests, long inputTokens, long cachedInputTokens, long cacheWriteInputTokens,
        long outputTokens, long reasoningTokens, BigDecimal costUsd) {

    /** The sums' names, in the order reports show them. */
    public static final List<String> NAMES = List.of("requests", "unknown_usage_requests", "input_tokens", "cached_input_tokens",
            "cache_write_input_tokens", "output_tokens", "reasoning_tokens", "cost_usd");

    /** The fields of {@link UsageMinute} the sums are of, in the order of {@link #NAMES}. */
    static final List<String> FIELDS = List.of("requests", "unknownUsageRequests", "inputTokens", "cachedInputTokens",
            "cacheWriteInputTokens", "outputTokens", "reasoningTokens", "costUsd");

    /** Input plus output tokens, as token budgets count them. */
    public long tokens() {
        return inputTokens + outputTokens;
    }

    /** The sums as a report shows them, by {@link #NAMES}. */
    public Map<String, Object> byName() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("requests", requests);
        values.put("unknown_usage_requests", unknownUsageRequests);
        values.put("input_tokens", inputTokens);
        values.put("cached_input_tokens", cachedInputTokens);
        values.put("cache_write_input_tokens", cacheWriteInputTokens);
        values.put("output_tokens", outputTokens);
        values.put("reasoning_tokens", reasoningTokens);
        values.put("cost_usd", costUsd.stripTrailingZeros());
        return values;
    }

    /** Sums read from a query's columns, starting at {@code from}, in the order of {@link #FIELDS}; no rows read as zero. */
    static UsageSums of(Object[] columns, int from) {
        return new UsageSums(count(columns[from]), count(columns[from + 1]), count(columns[from + 2]), count(columns[from + 3]),
                count(columns[from + 4]), count(columns[from + 5]), count(columns[from + 6]),
                columns[from + 7] == null ? BigDecimal.ZERO : (BigDecimal) columns[from + 7]);
    }

    private static long count(Object column) {
        return column == null ? 0 : ((Number) column).longValue();
    }
}
