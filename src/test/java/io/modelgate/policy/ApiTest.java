package io.modelgate.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTest {

    @Test
    void aModelWithoutModeIsServedOnWhatItsUpstreamSpeaks() {
        assertEquals(Set.of(Api.MESSAGES), Api.servedBy(List.of(Provider.ANTHROPIC.apis()), null));
        Set<Api> openAi = Api.servedBy(List.of(Provider.OPENAI.apis()), null);
        assertTrue(openAi.contains(Api.RESPONSES) && openAi.contains(Api.RERANK) && !openAi.contains(Api.MESSAGES), openAi.toString());
        Set<Api> azure = Api.servedBy(List.of(Provider.AZURE.apis()), null);
        assertTrue(azure.contains(Api.AUDIO_SPEECH) && !azure.contains(Api.MODERATIONS) && !azure.contains(Api.RERANK), azure.toString());
        assertEquals(Set.of(Api.values()), Api.servedBy(List.of(Provider.MOCK.apis()), null));
    }

    @Test
    void theModeNarrowsAndEveryDeploymentMustServeIt() {
        assertEquals(Set.of(Api.CHAT_COMPLETIONS, Api.RESPONSES), Api.servedBy(List.of(Provider.OPENAI.apis()), ModelMode.CHAT));
        assertEquals(Set.of(Api.MESSAGES), Api.servedBy(List.of(Provider.ANTHROPIC.apis()), ModelMode.CHAT));
        assertEquals(Set.of(Api.EMBEDDINGS), Api.servedBy(List.of(Provider.MOCK.apis(), Provider.AZURE.apis()), ModelMode.EMBEDDING));
        // fail-over between an OpenAI and an Anthropic upstream: no API both answer
        assertEquals(Set.of(), Api.servedBy(List.of(Provider.OPENAI.apis(), Provider.ANTHROPIC.apis()), ModelMode.CHAT));
        assertEquals(Set.of(), Api.servedBy(List.of(Provider.AZURE.apis()), ModelMode.RERANK));
    }

    @Test
    void selfHostedOpenAiCompatibleServersSpeakChatCompletionsNotResponsesOrMessages() {
        for (Provider provider : List.of(Provider.HOSTED_VLLM, Provider.OLLAMA_CHAT, Provider.OLLAMA, Provider.LM_STUDIO)) {
            assertEquals(UpstreamKind.OPENAI, provider.kind(), provider.prefix());
            assertTrue(provider.selfHosted(), provider.prefix());
            assertEquals(Set.of(Api.CHAT_COMPLETIONS), Api.servedBy(List.of(provider.apis()), ModelMode.CHAT), provider.prefix());
            assertEquals(Set.of(Api.EMBEDDINGS), Api.servedBy(List.of(provider.apis()), ModelMode.EMBEDDING), provider.prefix());
        }
        // a model on vLLM with an OpenAI fallback is served on what both speak
        assertEquals(Set.of(Api.CHAT_COMPLETIONS), Api.servedBy(List.of(Provider.OPENAI.apis(), Provider.HOSTED_VLLM.apis()), ModelMode.CHAT));
        assertEquals(Provider.HOSTED_VLLM, Provider.fromPrefix("hosted_vllm"));
        assertTrue(Provider.accepted().contains("hosted_vllm/") && Provider.accepted().contains("ollama_chat/"), Provider.accepted());
    }

    @Test
    void describesApisByTheirPathsInAStableOrder() {
        assertEquals("/v1/chat/completions, /v1/responses, /v1/messages", Api.describe(Set.of(Api.MESSAGES, Api.RESPONSES,
                Api.CHAT_COMPLETIONS)));
        assertEquals("no API", Api.describe(Set.of()));
    }

    @Test
    void familiesFollowThePath() {
        assertEquals(ApiFamily.ANTHROPIC, ApiFamily.of("/v1/messages", false));
        assertEquals(ApiFamily.ANTHROPIC, ApiFamily.of("/v1/messages/count_tokens", false));
        assertEquals(ApiFamily.OPENAI, ApiFamily.of("/v1/chat/completions", true));
        assertEquals(ApiFamily.OPENAI, ApiFamily.of("/v1/models", false));
        // Anthropic's SDKs list models at the same path; they always send anthropic-version
        assertEquals(ApiFamily.ANTHROPIC, ApiFamily.of("/v1/models/claude", true));
    }
}
