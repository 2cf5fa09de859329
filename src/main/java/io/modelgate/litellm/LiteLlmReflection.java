package io.modelgate.litellm;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The LiteLLM file's own records are read and written by Jackson and checked by {@code TreeShape} through reflection,
 * outside the REST layer that would register them for a native executable on its own: registered here, once (the
 * policy's records, which they hold, are registered by the policy itself).
 */
@RegisterForReflection(targets = {LiteLlmConfig.class, LiteLlmConfig.GeneralSettings.class, LiteLlmConfig.ModelListEntry.class,
        LiteLlmConfig.ModelInfo.class, LiteLlmConfig.Extensions.class, LiteLlmConfig.McpServerEntry.class, LiteLlmConfig.LiteLlmAuthType.class})
final class LiteLlmReflection {

    private LiteLlmReflection() {
    }
}
