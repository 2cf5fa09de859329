package io.modelgate.policy;

import java.util.Locale;

/** How Modelgate talks to a deployment: paths and authentication. Which providers use which: {@link Provider}. */
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

}
