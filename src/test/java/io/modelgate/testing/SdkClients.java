package io.modelgate.testing;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

import java.net.URL;

/**
 * The official SDKs pointed at the gateway under test as users point them — OpenAI's at {@code /v1}, Anthropic's at the
 * root with the token in {@code x-api-key} — without retries, so that an error is seen as the gateway answered it.
 */
public final class SdkClients {

    private SdkClients() {
    }

    /** A token of an ordinary user: its IdP role {@code basic_user} maps to the gateway role {@code internal_user}. */
    public static String userToken() {
        return TestIdentityProvider.current().tokenWithRoles("alice", "basic_user");
    }

    /** {@code gateway}: the gateway's root URL ({@code @TestHTTPResource("/")}). */
    public static OpenAIClient openAi(URL gateway) {
        return OpenAIOkHttpClient.builder().baseUrl(root(gateway) + "/v1").apiKey(userToken()).maxRetries(0).build();
    }

    public static AnthropicClient anthropic(URL gateway) {
        return AnthropicOkHttpClient.builder().baseUrl(root(gateway)).apiKey(userToken()).maxRetries(0).build();
    }

    private static String root(URL gateway) {
        return gateway.toString().replaceAll("/$", "");
    }
}
