package io.modelgate.upstream;

/**
 * What the built-in mock upstream does for one deployment.
 *
 * @param response     fixed reply text (LiteLLM's {@code mock_response}); null for the default echo reply
 * @param latencyMs    delay before the response head
 * @param chunkDelayMs delay between streamed chunks
 * @param failureRate  share of calls (0..1) answered with {@code failureStatus}; deterministic per request body
 * @param failureStatus the HTTP status of an injected failure
 */
public record MockBehaviour(String response, int latencyMs, int chunkDelayMs, double failureRate, int failureStatus) {

    public static final MockBehaviour DEFAULT = new MockBehaviour(null, 0, 20, 0, 500);
}
