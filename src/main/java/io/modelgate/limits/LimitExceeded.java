package io.modelgate.limits;

/**
 * A call refused by a limit: which ceiling, a message naming the limit and when it resets, and how long to wait.
 *
 * @param budget true for a budget, false for a rate (requests, tokens, parallel requests)
 */
public record LimitExceeded(String limit, boolean budget, String message, long retryAfterSeconds, RateHeaders headers) implements LimitVerdict {
}
