package io.modelgate.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTest {

    @Test
    void aModelWithoutModeIsServedOnWhatItsUpstreamSpeaks() {
        assertEquals(Set.of(Api.MESSAGES, Api.CHAT_COMPLETIONS, Api.RESPONSES), Api.servedBy(List.of(Provider.ANTHROPIC.apis()), null),
                "chat completions and Responses translated to Messages");
        Set<Api> openAi = Api.servedBy(List.of(Provider.OPENAI.apis()), null);
        assertTrue(openAi.contains(Api.RESPONSES) && openAi.contains(Api.RERANK) && openAi.contains(Api.MESSAGES), openAi.toString());
        Set<Api> azure = Api.servedBy(List.of(Provider.AZURE.apis()), null);
        assertTrue(azure.contains(Api.AUDIO_SPEECH) && !azure.contains(Api.MODERATIONS) && !azure.contains(Api.RERANK), azure.toString());
        assertEquals(Set.of(Api.values()), Api.servedBy(List.of(Provider.MOCK.apis()), null));
    }

    @Test
    void theModeNarrowsAndEveryDeploymentMustServeIt() {
        assertEquals(Set.of(Api.CHAT_COMPLETIONS, Api.RESPONSES, Api.MESSAGES), Api.servedBy(List.of(Provider.OPENAI.apis()), ModelMode.CHAT));
        assertEquals(Set.of(Api.MESSAGES, Api.CHAT_COMPLETIONS, Api.RESPONSES), Api.servedBy(List.of(Provider.ANTHROPIC.apis()), ModelMode.CHAT));
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
            assertEquals(Map.of(Api.CHAT_COMPLETIONS, Api.CHAT_COMPLETIONS, Api.MESSAGES, Api.CHAT_COMPLETIONS, Api.RESPONSES, Api.CHAT_COMPLETIONS),
                    Api.routes(List.of(provider.apis()), ModelMode.CHAT), provider.prefix() + ": Messages and Responses are translated to chat");
            assertEquals(Set.of(Api.EMBEDDINGS), Api.servedBy(List.of(provider.apis()), ModelMode.EMBEDDING), provider.prefix());
        }
        // a model on vLLM with an OpenAI fallback is served on what both speak, and on what translates to it
        assertEquals(Set.of(Api.CHAT_COMPLETIONS, Api.RESPONSES, Api.MESSAGES), Api.servedBy(List.of(Provider.OPENAI.apis(),
                Provider.HOSTED_VLLM.apis()), ModelMode.CHAT));
        assertEquals(Provider.HOSTED_VLLM, Provider.fromPrefix("hosted_vllm"));
        assertTrue(Provider.accepted().contains("hosted_vllm/") && Provider.accepted().contains("ollama_chat/"), Provider.accepted());
    }

    @Test
    void anApiEveryDeploymentSpeaksIsNeverTranslated() {
        assertEquals(Api.MESSAGES, Api.routes(List.of(Provider.MOCK.apis()), ModelMode.CHAT).get(Api.MESSAGES));
        assertEquals(Api.MESSAGES, Api.routes(List.of(Provider.ANTHROPIC.apis(), Provider.MOCK.apis()), null).get(Api.MESSAGES));
        // one deployment speaks Messages, the other only chat: every call goes upstream on chat, so fail-over keeps its shape
        assertEquals(Api.CHAT_COMPLETIONS, Api.routes(List.of(Provider.MOCK.apis(), Provider.HOSTED_VLLM.apis()), null).get(Api.MESSAGES));
        // what nothing translates to chat is not served on a chat-only server
        assertEquals(null, Api.routes(List.of(Provider.HOSTED_VLLM.apis()), null).get(Api.IMAGES));
        // fail-over between an OpenAI-compatible and an Anthropic upstream: chat is native to one, Messages to the other
        assertEquals(Set.of(), Api.servedBy(List.of(Provider.HOSTED_VLLM.apis(), Provider.ANTHROPIC.apis()), ModelMode.CHAT));
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
