package io.modelgate.policy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What kind of model a model is, in LiteLLM's {@code model_info.mode} names: it narrows the APIs the model is
 * served on to those of its kind (an embedding model is not offered on chat). Without one, a model is served on
 * every API its deployments' upstream kind speaks.
 */
public enum ModelMode {
    CHAT, RESPONSES, COMPLETION, EMBEDDING, IMAGE_GENERATION, AUDIO_TRANSCRIPTION, AUDIO_SPEECH, MODERATION, RERANK;

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
