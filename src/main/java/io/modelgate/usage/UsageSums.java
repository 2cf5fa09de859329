package io.modelgate.usage;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a group of model calls used: the calls forwarded ({@code requests}; of them, answered ones whose upstream reported
 * no usage), the calls the gateway refused, tokens by kind and their cost.
 */
public record UsageSums(long requests, long refusedRequests, long unknownUsageRequests, long inputTokens, long cachedInputTokens, long cacheWriteInputTokens,
        long outputTokens, long reasoningTokens, BigDecimal costUsd) implements UsageRow.Sums {

    /** The sums' names, in the order reports show them. */
    public static final List<String> NAMES = List.of("requests", "refused_requests", "unknown_usage_requests", "input_tokens", "cached_input_tokens",
            "cache_write_input_tokens", "output_tokens", "reasoning_tokens", "cost_usd");

    /** The fields of {@link UsageMinute} the sums are of, in the order of {@link #NAMES}. */
    static final List<String> FIELDS = List.of("requests", "refusedRequests", "unknownUsageRequests", "inputTokens", "cachedInputTokens",
            "cacheWriteInputTokens", "outputTokens", "reasoningTokens", "costUsd");

    /** Input plus output tokens, as token budgets count them. */
    public long tokens() {
        return inputTokens + outputTokens;
    }

    /** The sums as a report shows them, by {@link #NAMES}. */
    @Override
    public Map<String, Object> byName() {
        List<Object> values = List.of(requests, refusedRequests, unknownUsageRequests, inputTokens, cachedInputTokens, cacheWriteInputTokens, outputTokens,
                reasoningTokens, costUsd.stripTrailingZeros());
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            named.put(NAMES.get(i), values.get(i));
        }
        return named;
    }

    /** Sums read from a query's columns, starting at {@code from}, in the order of {@link #FIELDS}; no rows read as zero. */
    static UsageSums of(Object[] columns, int from) {
        return new UsageSums(count(columns[from]), count(columns[from + 1]), count(columns[from + 2]), count(columns[from + 3]),
                count(columns[from + 4]), count(columns[from + 5]), count(columns[from + 6]), count(columns[from + 7]),
                money(columns[from + 8]));
    }

    /** A summed count as a query returns it: null when no row was summed. */
    static long count(Object column) {
        return column == null ? 0 : ((Number) column).longValue();
    }

    /** A summed amount as a query returns it: null when no row was summed. */
    static BigDecimal money(Object column) {
        return column == null ? BigDecimal.ZERO : (BigDecimal) column;
    }
}
