package io.modelgate.translate;

/**
 * Which flavour of chat completions a translated request is written in. OpenAI's own API (and Azure's) rejects
 * {@code max_tokens} for its reasoning models and has no {@code top_k}; the servers companies run themselves (vLLM,
 * Ollama, LM Studio) take {@code max_tokens} and {@code top_k}, and not every one takes {@code max_completion_tokens}.
 */
public enum ChatDialect {
    /** {@code openai/} and {@code azure/}: {@code max_completion_tokens}, {@code reasoning_effort}, no {@code top_k}. */
    OPENAI,
    /** Self-hosted OpenAI-compatible servers (and the mock): {@code max_tokens} and {@code top_k}; no reasoning control. */
    COMPATIBLE
}
