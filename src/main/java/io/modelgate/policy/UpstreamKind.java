package io.modelgate.policy;

import java.util.Locale;

/** How Modelgate talks to a deployment; the names are LiteLLM's provider prefixes. */
public enum UpstreamKind {
    /** Any OpenAI-compatible endpoint: {@code Authorization: Bearer <key>}, paths under the base URL. */
    OPENAI,
    /** Azure OpenAI: {@code /openai/deployments/<name>/...?api-version=}, key in {@code api-key}. */
    AZURE,
    /** Anthropic's Messages API: paths under {@code /v1/messages}, key in {@code x-api-key}. */
    ANTHROPIC,
    /** The built-in deterministic upstream for dev mode and tests; no network. */
    MOCK;

    private final String prefix = name().toLowerCase(Locale.ROOT);

    public String prefix() {
        return prefix;
    }

    public static UpstreamKind fromPrefix(String prefix) {
        for (UpstreamKind kind : values()) {
            if (kind.prefix().equals(prefix)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown upstream kind '" + prefix + "'");
    }
}
