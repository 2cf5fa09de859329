package io.modelgate.usage;

import java.math.BigDecimal;

/**
 * What a deployment charges per token, in US dollars, in LiteLLM's terms: {@code input_cost_per_token},
 * {@code output_cost_per_token}, {@code cache_read_input_token_cost} and {@code cache_creation_input_token_cost}
 * (the input price when not given). A model without prices costs nothing: its calls are metered in tokens only.
 */
public record TokenPrices(double input, double output, double cacheRead, double cacheWrite) {

    public static final TokenPrices NONE = new TokenPrices(0, 0, 0, 0);

    /** Prices as the policy gives them (null: not given). */
    public static TokenPrices of(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite) {
        if (input == null && output == null && cacheRead == null && cacheWrite == null) {
            return NONE;
        }
        double in = value(input, 0);
        return new TokenPrices(in, value(output, 0), value(cacheRead, in), value(cacheWrite, in));
    }

    /** The cost of one call's tokens; cached and cache-written input at their own prices. */
    public double cost(TokenUsage usage) {
        if (usage == null || this == NONE) {
            return 0;
        }
        long uncached = Math.max(0, usage.input() - usage.cachedInput() - usage.cacheWriteInput());
        return uncached * input + usage.cachedInput() * cacheRead + usage.cacheWriteInput() * cacheWrite + usage.output() * output;
    }

    private static double value(BigDecimal price, double otherwise) {
        return price == null ? otherwise : price.doubleValue();
    }
}
