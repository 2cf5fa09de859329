package io.modelgate.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import static io.modelgate.policy.Api.AUDIO_SPEECH;
import static io.modelgate.policy.Api.CHAT_COMPLETIONS;
import static io.modelgate.policy.Api.COMPLETIONS;
import static io.modelgate.policy.Api.EMBEDDINGS;
import static io.modelgate.policy.Api.MESSAGES;
import static io.modelgate.policy.Api.RERANK;

/**
 * A deployment's provider, named by the prefix of its {@code model} as LiteLLM names it ({@code hosted_vllm/qwen3}):
 * how Modelgate talks to it ({@link UpstreamKind}: paths and authentication) and which APIs its server speaks
 * natively. Self-hosted OpenAI-compatible servers (vLLM, Ollama, LM Studio) speak chat completions, completions and
 * embeddings, not the Responses or Messages APIs.
 */
public enum Provider {
    OPENAI("openai", UpstreamKind.OPENAI, EnumSet.range(CHAT_COMPLETIONS, RERANK), "OpenAI-compatible"),
    AZURE("azure", UpstreamKind.AZURE, EnumSet.range(CHAT_COMPLETIONS, AUDIO_SPEECH), "Azure OpenAI"),
    ANTHROPIC("anthropic", UpstreamKind.ANTHROPIC, EnumSet.of(MESSAGES), "Anthropic Messages API"),
    HOSTED_VLLM("hosted_vllm", "vLLM server"),
    OLLAMA_CHAT("ollama_chat", "Ollama"),
    OLLAMA("ollama", "Ollama"),
    LM_STUDIO("lm_studio", "LM Studio"),
    /** The built-in deterministic upstream: it answers every API. */
    MOCK("mock", UpstreamKind.MOCK, EnumSet.allOf(Api.class), "Built-in mock");

    private final String prefix;
    private final UpstreamKind kind;
    private final Set<Api> apis;
    private final String label;
    private final boolean selfHosted;

    /** A provider with an address of its own ({@code openai/}'s default base URL, say). */
    Provider(String prefix, UpstreamKind kind, Set<Api> apis, String name) {
        this(prefix, kind, apis, name, false);
    }

    /** A self-hosted OpenAI-compatible server: chat completions, completions and embeddings, at the address given. */
    Provider(String prefix, String name) {
        this(prefix, UpstreamKind.OPENAI, EnumSet.of(CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS), name, true);
    }

    Provider(String prefix, UpstreamKind kind, Set<Api> apis, String name, boolean selfHosted) {
        this.prefix = prefix;
        this.kind = kind;
        this.apis = Collections.unmodifiableSet(apis);
        this.label = name + " (" + prefix + "/)";
        this.selfHosted = selfHosted;
    }

    /** As a deployment's {@code model} names it, without the slash. */
    public String prefix() {
        return prefix;
    }

    /** How Modelgate calls it. */
    public UpstreamKind kind() {
        return kind;
    }

    /** The APIs its server speaks natively. */
    public Set<Api> apis() {
        return apis;
    }

    /** As the operator UI offers it. */
    public String label() {
        return label;
    }

    /**
     * A server the company runs itself: it has no default address, so a deployment names its {@code api_base}, given with
     * or without the {@code /v1} its OpenAI-compatible paths live under (LiteLLM's examples show both).
     */
    public boolean selfHosted() {
        return selfHosted;
    }

    public static Provider fromPrefix(String prefix) {
        for (Provider provider : values()) {
            if (provider.prefix.equals(prefix)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown provider '" + prefix + "'");
    }

    /** {@code openai/, azure/, …}: for messages that list what is accepted. */
    public static String accepted() {
        StringBuilder list = new StringBuilder();
        for (Provider provider : values()) {
            list.append(list.isEmpty() ? "" : ", ").append(provider.prefix).append('/');
        }
        return list.toString();
    }
}
