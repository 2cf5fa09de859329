package io.modelgate.gateway;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.credential.BearerTokenCredential;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What users run: the official OpenAI Java SDK, pointed at Modelgate with an IdP token as its API key. */
@QuarkusTest
class OpenAiSdkTest {

    @TestHTTPResource("/v1")
    URL baseUrl;

    private OpenAIClient client(String token) {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl.toString()).apiKey(token).maxRetries(0).build();
    }

    private OpenAIClient alice() {
        return client(TestIdentityProvider.current().tokenWithRoles("alice", "basic_user"));
    }

    @Test
    void chatCompletion() {
        for (String model : List.of("chat", "mock-chat")) {
            ChatCompletion completion = alice().chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(model).addUserMessage("Say hello").build());
            String content = completion.choices().get(0).message().content().orElseThrow();
            assertTrue(content.contains("Hello from the upstream") || content.contains("Say hello"), content);
        }
    }

    @Test
    void streamedChatCompletion() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("mock-chat").addUserMessage("stream please").build();
        try (StreamResponse<ChatCompletionChunk> stream = alice().chat().completions().createStreaming(params)) {
            String text = stream.stream()
                    .flatMap(chunk -> chunk.choices().stream())
                    .flatMap(choice -> choice.delta().content().stream())
                    .collect(Collectors.joining());
            assertEquals("Mock reply from mock-gpt: stream please", text);
        }
    }

    @Test
    void embeddings() {
        for (String model : List.of("embed", "mock-embed")) {
            CreateEmbeddingResponse response = alice().embeddings().create(EmbeddingCreateParams.builder()
                    .model(model).input("hello world").build());
            assertEquals(1, response.data().size());
            assertTrue(response.data().get(0).embedding().size() >= 3, model);
        }
    }

    @Test
    void aTokenSupplierIsAskedOnEveryCallSoATokenRefreshedInBetweenIsUsed() {
        java.util.concurrent.atomic.AtomicInteger issued = new java.util.concurrent.atomic.AtomicInteger();
        // a fresh token each time, as a refreshing token source hands out after each expiry
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl.toString()).maxRetries(0)
                .credential(BearerTokenCredential.create(() -> TestIdentityProvider.current()
                        .tokenWithRoles("alice-" + issued.incrementAndGet(), "basic_user")))
                .build();
        for (int i = 0; i < 2; i++) {
            client.chat().completions().create(ChatCompletionCreateParams.builder().model("mock-chat").addUserMessage("hi").build());
        }
        assertEquals(2, issued.get());
    }

    @Test
    void modelsList() {
        List<String> ids = alice().models().list().data().stream().map(Model::id).toList();
        assertTrue(ids.containsAll(List.of("chat", "embed", "mock-chat")), ids.toString());
        assertTrue(!ids.contains("secret-model"), ids.toString());
        assertEquals("chat", alice().models().retrieve("chat").id());
    }

    @Test
    void errorsSurfaceAsTheSdksExceptions() {
        ChatCompletionCreateParams forbidden = ChatCompletionCreateParams.builder()
                .model("secret-model").addUserMessage("hi").build();
        PermissionDeniedException denied = assertThrows(PermissionDeniedException.class,
                () -> alice().chat().completions().create(forbidden));
        assertEquals("model_not_permitted", denied.code().orElseThrow());
        assertThrows(UnauthorizedException.class, () -> client("not-a-token").models().list());
        assertThrows(NotFoundException.class, () -> alice().models().retrieve("secret-model"));
    }
}
