package io.modelgate.usage;

/**
 * Tokens one call used, as its upstream reported them, in OpenAI's sense whatever the API family: {@code input}
 * counts every prompt token, cached ones included; {@code cachedInput} those read from the provider's prompt cache,
 * {@code cacheWriteInput} those written to it (Anthropic's cache creation); {@code output} every generated token,
 * {@code reasoning} ones included.
 */
public record TokenUsage(long input, long cachedInput, long cacheWriteInput, long output, long reasoning) {

    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0, 0);

    /** What token limits and token budgets count: input and output. */
    public long total() {
        return input + output;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(input + other.input, cachedInput + other.cachedInput, cacheWriteInput + other.cacheWriteInput,
                output + other.output, reasoning + other.reasoning);
    }
}
