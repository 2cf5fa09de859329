package io.modelgate.limits;

import java.time.Instant;

/**
 * The rate-limit state a response tells its caller, as OpenAI's {@code x-ratelimit-*} and Anthropic's
 * {@code anthropic-ratelimit-*} headers carry it: for the tightest requests-per-minute and tokens-per-minute limit that
 * applies, the ceiling, what remains, and when it resets. Null fields: no such limit applies.
 */
public record RateHeaders(Long requestLimit, Long requestsRemaining, Long requestsResetMs, Long tokenLimit, Long tokensRemaining,
        Long tokensResetMs) {

    public static final RateHeaders NONE = new RateHeaders(null, null, null, null, null, null);

    public boolean isEmpty() {
        return requestLimit == null && tokenLimit == null;
    }

    /** Writes them through {@code put}, in the family's names; {@code now} dates Anthropic's reset instants. */
    public void write(boolean anthropic, long nowMs, java.util.function.BiConsumer<String, String> put) {
        write(anthropic, nowMs, put, "requests", requestLimit, requestsRemaining, requestsResetMs);
        write(anthropic, nowMs, put, "tokens", tokenLimit, tokensRemaining, tokensResetMs);
    }

    /** One kind's three headers: {@code anthropic-ratelimit-<kind>-limit|remaining|reset} or {@code x-ratelimit-limit|remaining|reset-<kind>}. */
    private static void write(boolean anthropic, long nowMs, java.util.function.BiConsumer<String, String> put, String kind, Long limit,
            Long remaining, Long resetMs) {
        if (limit == null) {
            return;
        }
        if (anthropic) {
            put.accept("anthropic-ratelimit-" + kind + "-limit", Long.toString(limit));
            put.accept("anthropic-ratelimit-" + kind + "-remaining", Long.toString(remaining));
            put.accept("anthropic-ratelimit-" + kind + "-reset", Instant.ofEpochMilli(nowMs + resetMs).toString());
        } else {
            put.accept("x-ratelimit-limit-" + kind, Long.toString(limit));
            put.accept("x-ratelimit-remaining-" + kind, Long.toString(remaining));
            put.accept("x-ratelimit-reset-" + kind, duration(resetMs));
        }
    }

    /** OpenAI's spelling of a wait: {@code 250ms}, {@code 12s}, {@code 1m30s}. */
    static String duration(long ms) {
        if (ms < 1000) {
            return ms + "ms";
        }
        long seconds = (ms + 999) / 1000;
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + seconds % 60 + "s";
    }
}
