package io.modelgate.policy;


/**
 * A wire protocol callers reach models with. It decides the shape of the errors Modelgate itself raises and
 * where a caller's token may travel. A call keeps its family's shapes end to end, translated or not.
 */
public enum ApiFamily {
    /** OpenAI's REST API: chat, responses, embeddings, images, audio, moderations, legacy completions, rerank. */
    OPENAI,
    /** Anthropic's Messages API ({@code /v1/messages}); the token may also come in {@code x-api-key}. */
    ANTHROPIC;

    /** The header every Anthropic SDK request carries. */
    public static final String ANTHROPIC_VERSION = "anthropic-version";

    /**
     * The family a request belongs to, known before any route matched (errors of unknown paths too): its path, and
     * for the model list, which both families call at {@code /v1/models}, whether it is an Anthropic SDK's (those
     * always send {@code anthropic-version}).
     */
    public static ApiFamily of(String path, boolean anthropicVersionSent) {
        if (path.startsWith("/v1/messages") || path.startsWith("/messages")) {
            return ANTHROPIC;
        }
        return anthropicVersionSent && (path.startsWith("/v1/models") || path.startsWith("/models")) ? ANTHROPIC : OPENAI;
    }

}
