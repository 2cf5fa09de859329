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
        if (requestLimit != null) {
            if (anthropic) {
                put.accept("anthropic-ratelimit-requests-limit", Long.toString(requestLimit));
                put.accept("anthropic-ratelimit-requests-remaining", Long.toString(requestsRemaining));
                put.accept("anthropic-ratelimit-requests-reset", Instant.ofEpochMilli(nowMs + requestsResetMs).toString());
            } else {
                put.accept("x-ratelimit-limit-requests", Long.toString(requestLimit));
                put.accept("x-ratelimit-remaining-requests", Long.toString(requestsRemaining));
                put.accept("x-ratelimit-reset-requests", duration(requestsResetMs));
            }
        }
        if (tokenLimit != null) {
            if (anthropic) {
                put.accept("anthropic-ratelimit-tokens-limit", Long.toString(tokenLimit));
                put.accept("anthropic-ratelimit-tokens-remaining", Long.toString(tokensRemaining));
                put.accept("anthropic-ratelimit-tokens-reset", Instant.ofEpochMilli(nowMs + tokensResetMs).toString());
            } else {
                put.accept("x-ratelimit-limit-tokens", Long.toString(tokenLimit));
                put.accept("x-ratelimit-remaining-tokens", Long.toString(tokensRemaining));
                put.accept("x-ratelimit-reset-tokens", duration(tokensResetMs));
            }
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
