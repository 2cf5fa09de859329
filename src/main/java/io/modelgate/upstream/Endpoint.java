package io.modelgate.upstream;

/** The OpenAI operations Modelgate forwards, with their path below an OpenAI base URL. */
public enum Endpoint {
    CHAT_COMPLETIONS("chat/completions", true),
    EMBEDDINGS("embeddings", false);

    private final String path;
    private final boolean streamable;

    Endpoint(String path, boolean streamable) {
        this.path = path;
        this.streamable = streamable;
    }

    public String path() {
        return path;
    }

    /** Whether {@code "stream": true} turns the response into server-sent events. */
    public boolean streamable() {
        return streamable;
    }
}
