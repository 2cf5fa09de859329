package io.modelgate.snapshot;

import io.modelgate.access.AccessDecision;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.Api;
import io.modelgate.translate.ChatDialect;
import io.modelgate.policy.UpstreamKind;
import io.modelgate.store.StoredPolicy;
import io.modelgate.testing.PolicyReading;
import io.modelgate.upstream.Deployment;
import io.modelgate.upstream.MockBehaviour;
import io.modelgate.upstream.UpstreamTransport;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The document → snapshot compile: every default applied once, here, and the access policy indexed. */
class PolicyCompilerTest {

    private static final PolicyCompiler.UpstreamDefaults DEFAULTS = new PolicyCompiler.UpstreamDefaults("https://api.openai.com/v1",
            "2024-10-21", "https://api.anthropic.com", "2023-06-01", Duration.ofSeconds(5), Duration.ofSeconds(300));
    private static final Instant CHANGED = Instant.parse("2026-11-01T10:00:00Z");
    /** A transport per upstream kind that only says which kind it is for. */
    private static final Map<UpstreamKind, UpstreamTransport> TRANSPORTS = new EnumMap<>(UpstreamKind.class);

    static {
        for (UpstreamKind kind : UpstreamKind.values()) {
            TRANSPORTS.put(kind, (deployment, call) -> Future.failedFuture(kind + " transport"));
        }
    }

    private static PolicySnapshot compile(String yaml, Map<String, Instant> created) {
        PolicyDocument document = PolicyReading.parse(yaml);
        return PolicyCompiler.compile(new StoredPolicy(7, CHANGED, document, created), DEFAULTS, TRANSPORTS::get, Instant.parse("2026-11-01T10:00:05Z"));
    }

    private static Deployment only(PolicySnapshot snapshot, String model) {
        List<Deployment> deployments = snapshot.model(model).orElseThrow().deployments();
        assertEquals(1, deployments.size());
        return deployments.get(0);
    }

    @Test
    void whatADeploymentLeavesUnsaidTakesTheConfiguredDefaults() {
        PolicySnapshot snapshot = compile("""
                model_list:
                  - model_name: plain
                    litellm_params: {model: gpt-4o}
                  - model_name: fake
                    litellm_params: {model: mock/echo}
                """, Map.of());

        Deployment plain = only(snapshot, "plain");
        Deployment fake = only(snapshot, "fake");
        assertAll(
                () -> assertEquals(UpstreamKind.OPENAI, plain.kind()),
                () -> assertEquals(ChatDialect.OPENAI, snapshot.model("plain").orElseThrow().dialect(), "OpenAI's flavour of chat"),
                () -> assertEquals(URI.create("https://api.openai.com/v1"), plain.baseUrl()),
                () -> assertEquals(1, plain.weight()),
                () -> assertEquals(Duration.ofSeconds(5), plain.connectTimeout()),
                () -> assertEquals(Duration.ofSeconds(300), plain.readTimeout()),
                () -> assertEquals(Duration.ofSeconds(300), plain.streamTimeout(), "a stream waits as long as any call"),
                () -> assertEquals("2024-10-21", plain.apiVersion()),
                () -> assertEquals(Optional.empty(), plain.credential()),
                () -> assertEquals("openai/gpt-4o#1", plain.label()),
                () -> assertNull(fake.baseUrl(), "the mock answers in-process"),
                () -> assertEquals(MockBehaviour.DEFAULT, fake.mock()),
                () -> assertEquals(TRANSPORTS.get(UpstreamKind.OPENAI), plain.transport(), "the transport is chosen when compiled"),
                () -> assertEquals(TRANSPORTS.get(UpstreamKind.MOCK), fake.transport()));
    }

    @Test
    void aSelfHostedServerIsCalledUnderV1WhetherItsAddressSaysSoOrNotAndServesWhatItSpeaks() {
        PolicySnapshot snapshot = compile("""
                model_list:
                  - model_name: qwen
                    litellm_params: {model: hosted_vllm/Qwen/Qwen3-32B, api_base: "http://vllm.internal:8000"}
                  - model_name: llama
                    litellm_params: {model: ollama_chat/llama3.3, api_base: "http://ollama.internal:11434/v1/"}
                  - model_name: qwen-chat
                    model_info: {mode: chat}
                    litellm_params: {model: hosted_vllm/Qwen/Qwen3-32B, api_base: "http://vllm.internal:8000/v1"}
                """, Map.of());

        Deployment qwen = only(snapshot, "qwen");
        Deployment llama = only(snapshot, "llama");
        assertAll(
                () -> assertEquals(URI.create("http://vllm.internal:8000/v1"), qwen.baseUrl()),
                () -> assertEquals(URI.create("http://ollama.internal:11434/v1"), llama.baseUrl()),
                () -> assertEquals(UpstreamKind.OPENAI, qwen.kind(), "called as an OpenAI-compatible server"),
                () -> assertEquals("Qwen/Qwen3-32B", qwen.upstreamModel()),
                () -> assertEquals("hosted_vllm/Qwen/Qwen3-32B#1", qwen.label(), "metrics and usage name the provider"),
                () -> assertEquals(TRANSPORTS.get(UpstreamKind.OPENAI), qwen.transport()),
                () -> assertEquals(Set.of(Api.CHAT_COMPLETIONS, Api.COMPLETIONS, Api.EMBEDDINGS, Api.RESPONSES, Api.MESSAGES),
                        snapshot.model("qwen").orElseThrow().apis()),
                () -> assertEquals(Set.of(Api.CHAT_COMPLETIONS, Api.RESPONSES, Api.MESSAGES), snapshot.model("qwen-chat").orElseThrow().apis(),
                        "chat natively, Responses and Messages translated to it"),
                () -> assertTrue(snapshot.model("qwen-chat").orElseThrow().translates(Api.MESSAGES), "Messages reaches it as chat"),
                () -> assertEquals(ChatDialect.COMPATIBLE, snapshot.model("qwen").orElseThrow().dialect()));
    }

    @Test
    void aDeploymentThatNamesTheApisItsServerSpeaksIsServedOnThoseInsteadOfItsProviders() {
        PolicySnapshot snapshot = compile("""
                model_list:
                  - model_name: chat-only-mock
                    litellm_params: {model: mock/echo, native_apis: [/v1/chat/completions]}
                  - model_name: messages-only-mock
                    litellm_params: {model: mock/echo, native_apis: [/v1/messages]}
                  - model_name: vllm-with-responses
                    model_info: {mode: chat}
                    litellm_params: {model: hosted_vllm/gpt-oss-120b, api_base: "http://vllm:8000", native_apis: [/v1/chat/completions, /v1/responses]}
                """, Map.of());

        assertAll(
                () -> assertEquals(Set.of(Api.CHAT_COMPLETIONS, Api.RESPONSES, Api.MESSAGES), snapshot.model("chat-only-mock").orElseThrow().apis()),
                () -> assertEquals(Api.CHAT_COMPLETIONS, snapshot.model("chat-only-mock").orElseThrow().upstreamApi(Api.MESSAGES)),
                () -> assertEquals(Set.of(Api.MESSAGES, Api.CHAT_COMPLETIONS, Api.RESPONSES), snapshot.model("messages-only-mock").orElseThrow().apis()),
                () -> assertEquals(Set.of(Api.CHAT_COMPLETIONS, Api.RESPONSES, Api.MESSAGES),
                        snapshot.model("vllm-with-responses").orElseThrow().apis()));
    }

    @Test
    void whatADeploymentSaysWins() {
        Deployment d = only(compile("""
                model_list:
                  - model_name: tuned
                    litellm_params: {model: mock/echo, api_base: "http://127.0.0.1:9/v1/", weight: 3, timeout: 30, connect_timeout: 0.5,
                                     stream_timeout: 2.5,
                                     mock_response: hi, mock_latency_ms: 10, mock_chunk_delay_ms: 0, mock_failure_rate: 0.5,
                                     mock_failure_status: 503}
                """, Map.of()), "tuned");

        assertAll(
                () -> assertEquals(URI.create("http://127.0.0.1:9/v1"), d.baseUrl(), "without its trailing slash"),
                () -> assertEquals(3, d.weight()),
                () -> assertEquals(Duration.ofSeconds(30), d.readTimeout(), "LiteLLM's seconds"),
                () -> assertEquals(Duration.ofMillis(500), d.connectTimeout()),
                () -> assertEquals(Duration.ofMillis(2500), d.streamTimeout()),
                () -> assertEquals(new MockBehaviour("hi", 10, 0, 0.5, 503), d.mock()));
    }

    @Test
    void aDeploymentUsesItsCredentialsBaseUrlAndVersionOrItsOwnKey() {
        PolicySnapshot snapshot = compile("""
                credential_list:
                  - credential_name: vendor
                    credential_values: {api_key: os.environ/VENDOR_KEY, api_base: "https://vendor.example/v1", api_version: "2025-01-01"}
                model_list:
                  - model_name: via-credential
                    litellm_params: {model: azure/gpt, litellm_credential_name: vendor}
                  - model_name: own-key
                    litellm_params: {model: openai/gpt, api_base: "https://own.example/v1", api_key: os.environ/OWN_KEY}
                """, Map.of());

        Deployment viaCredential = only(snapshot, "via-credential");
        Deployment ownKey = only(snapshot, "own-key");
        assertAll(
                () -> assertEquals(URI.create("https://vendor.example/v1"), viaCredential.baseUrl()),
                () -> assertEquals("2025-01-01", viaCredential.apiVersion()),
                () -> assertEquals("vendor", viaCredential.credential().orElseThrow().name()),
                () -> assertEquals("api_key of own-key", ownKey.credential().orElseThrow().name()),
                () -> assertEquals(Set.of(viaCredential.credential().orElseThrow(), ownKey.credential().orElseThrow()), snapshot.credentials()));
    }

    @Test
    void theAccessPolicyIsCompiledFromSettingsMappingsPermissionsAndTags() {
        PolicySnapshot snapshot = compile("""
                general_settings:
                  litellm_jwtauth: {user_roles_jwt_field: realm_access.roles, user_allowed_roles: [staff]}
                  role_permissions:
                    - {role: data_science, models: ["tag:gpu"]}
                    - {role: internal_user, models: [chat]}
                modelgate:
                  roles: [{name: data_science}]
                  role_mappings: [{idp_role: ds, gateway_roles: [data_science]}]
                model_list:
                  - model_name: chat
                    litellm_params: {model: mock/chat}
                  - model_name: trainer
                    litellm_params: {model: mock/trainer, tags: [gpu]}
                """, Map.of());

        var access = snapshot.access();
        assertAll(
                () -> assertEquals(Set.of("data_science"), access.gatewayRoles(Set.of("ds"))),
                () -> assertEquals(Set.of("internal_user"), access.gatewayRoles(Set.of("staff"))),
                () -> assertEquals(Set.of("ds", "x"), access.idpRoles(Map.<String, Object>of("realm_access", Map.of("roles", List.of("ds", "x")))::get)),
                () -> assertEquals(AccessDecision.Outcome.ALLOWED, access.decide(Set.of("data_science"), "trainer").outcome(),
                        "a deployment's tag is its model's"),
                () -> assertEquals(AccessDecision.Outcome.NOT_PERMITTED, access.decide(Set.of("data_science"), "chat").outcome()),
                () -> assertEquals(7, snapshot.version()),
                () -> assertEquals(CHANGED, snapshot.changedAt()));
    }

    @Test
    void aModelIsCreatedWhenItWasFirstStored() {
        Instant created = Instant.parse("2026-01-02T03:04:05Z");
        PolicySnapshot snapshot = compile("""
                model_list:
                  - {model_name: old, litellm_params: {model: mock/old}}
                  - {model_name: new, litellm_params: {model: mock/new}}
                """, Map.of("old", created));

        assertEquals(created, snapshot.model("old").orElseThrow().createdAt());
        assertEquals(CHANGED, snapshot.model("new").orElseThrow().createdAt(), "not stored yet: the version's time");
        assertTrue(snapshot.model("none").isEmpty());
    }
}
