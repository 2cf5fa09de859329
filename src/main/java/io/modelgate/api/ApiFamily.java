package io.modelgate.api;

/**
 * A wire protocol callers reach models with. It decides the shape of the errors Modelgate itself raises and
 * where a caller's token may travel; a model is served on the families its upstreams speak, never translated.
 */
public enum ApiFamily {
    /** OpenAI's REST API: chat, responses, embeddings, images, audio, moderations, legacy completions, rerank. */
    OPENAI,
    /** Anthropic's Messages API ({@code /v1/messages}); the token may also come in {@code x-api-key}. */
    ANTHROPIC;

    /** The family a request path belongs to, known before any route matched (errors of unknown paths too). */
    public static ApiFamily ofPath(String path) {
        return path.startsWith("/v1/messages") || path.startsWith("/messages") ? ANTHROPIC : OPENAI;
    }
}
