package io.modelgate.litellm;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelgate.policy.DeploymentParams;
import io.modelgate.policy.Provider;
import io.modelgate.policy.GatewayRole;
import io.modelgate.policy.Model;
import io.modelgate.policy.Permission;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.ModelMode;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.policy.PolicyValidationException.Problem;
import io.modelgate.policy.RoleMapping;
import io.modelgate.policy.UpstreamKind;
import io.modelgate.secret.SecretRules;
import io.modelgate.testing.PolicyReading;
import java.math.BigDecimal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Reading LiteLLM configs: LiteLLM's own examples unchanged, every problem at once with its path, no secret repeated. */
class LiteLlmFormatTest {

    /** LiteLLM's documented JWT-auth example, verbatim. */
    private static final String LITELLM_EXAMPLE = """
            general_settings:
              enable_jwt_auth: True
              litellm_jwtauth:
                user_roles_jwt_field: "roles"
                user_allowed_roles: ["basic_user"]
                enforce_rbac: true
              role_permissions:
                - role: internal_user
                  models: ["anthropic-claude"]
            model_list:
                - model: anthropic-claude
                  litellm_params:
                    model: claude-3-5-haiku-20241022
                - model: openai-gpt-4o
                  litellm_params:
                    model: gpt-4o
            """;

    // ---- helpers ----

    /** A config with one model_list entry whose litellm_params are {@code params} (YAML, 6-space indented). */
    private static String oneModel(String params) {
        return """
                model_list:
                  - model_name: m
                    litellm_params:
                """ + params.stripIndent().lines().map(l -> "      " + l + "\n").reduce("", String::concat);
    }

    private static DeploymentParams onlyDeployment(PolicyDocument doc) {
        assertEquals(1, doc.models().size(), "models");
        assertEquals(1, doc.models().get(0).deployments().size(), "deployments");
        return doc.models().get(0).deployments().get(0);
    }

    private static Model model(PolicyDocument doc, String name) {
        return doc.models().stream().filter(m -> m.modelName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no model " + name + " in " + doc.models()));
    }

    private static PolicyValidationException rejected(String yaml) {
        return assertThrows(PolicyValidationException.class, () -> PolicyReading.parse(yaml));
    }

    private static Optional<Problem> problemAt(PolicyValidationException e, String field) {
        return e.problems().stream().filter(p -> p.field().equals(field)).findFirst();
    }

    private static Problem assertProblemAt(PolicyValidationException e, String field) {
        return problemAt(e, field).orElseThrow(() -> new AssertionError(
                "expected a problem at " + field + " but got " + e.problems()));
    }

    // ---- LiteLLM's documented example ----

    @Test
    void litellmDocumentedExampleParsesUnchanged() {
        PolicyDocument doc = PolicyReading.parse(LITELLM_EXAMPLE);

        assertAll(
                () -> assertEquals(List.of("roles"), doc.settings().userRolesJwtField()),
                () -> assertEquals(List.of("basic_user"), doc.settings().userAllowedRoles()),
                () -> assertTrue(doc.settings().enforceRbac()),
                () -> assertEquals(List.of(new Permission("internal_user", List.of("anthropic-claude"))),
                        doc.permissions()),
                () -> assertEquals(List.of(), doc.roles()),
                () -> assertEquals(List.of(), doc.roleMappings()),
                () -> assertEquals(List.of("anthropic-claude", "openai-gpt-4o"),
                        doc.models().stream().map(Model::modelName).toList()));

        DeploymentParams claude = model(doc, "anthropic-claude").deployments().get(0);
        assertAll(
                () -> assertEquals(UpstreamKind.OPENAI, claude.kind()),
                () -> assertEquals("claude-3-5-haiku-20241022", claude.upstreamModel()),
                () -> assertNull(claude.apiBase(), "null means the configured default base URL"),
                () -> assertNull(claude.apiKey()),
                () -> assertNull(claude.weight(), "not given: it is compiled to 1 (PolicyCompilerTest)"),
                () -> assertEquals(Map.of(), claude.extraParams()));
        assertEquals("gpt-4o", model(doc, "openai-gpt-4o").deployments().get(0).upstreamModel());
    }

    @Test
    void shippedDemoConfigParses() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/dev/demo-litellm-config.yaml")) {
            PolicyDocument doc = PolicyReading.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));

            assertEquals(List.of("mock-chat", "claude-sonnet-4-5", "claude-haiku-4-5", "mock-qwen", "mock-embed", "mock-instruct", "mock-image",
                    "mock-whisper", "mock-tts", "mock-moderation", "mock-rerank", "mock-premium"), doc.models().stream().map(Model::modelName).toList());
            assertEquals(ModelMode.CHAT, model(doc, "mock-chat").mode());
            assertEquals(List.of("premium"), List.copyOf(model(doc, "mock-premium").allTags()));
            assertEquals(List.of("each-internal-user"), doc.limits().stream().map(io.modelgate.policy.Limit::name).toList(),
                    "a newcomer sees a limit at work");
        }
    }

    @Test
    void settingsDefaultWhenAbsent() {
        PolicyDocument doc = PolicyReading.parse(oneModel("model: gpt-4o"));

        assertEquals(List.of("roles"), doc.settings().userRolesJwtField());
        assertEquals(List.of(), doc.settings().userAllowedRoles());
        assertTrue(doc.settings().enforceRbac(), "RBAC is enforced unless switched off");
    }

    @Test
    void severalRoleClaimPathsAndEnforceRbacOff() {
        PolicyDocument doc = PolicyReading.parse("""
                general_settings:
                  litellm_jwtauth:
                    user_roles_jwt_field: ["roles", 'resource_access."my.app".roles']
                    user_allowed_roles: basic_user
                    enforce_rbac: false
                """);

        assertEquals(List.of("roles", "resource_access.\"my.app\".roles"), doc.settings().userRolesJwtField());
        assertEquals(List.of("basic_user"), doc.settings().userAllowedRoles());
        assertFalse(doc.settings().enforceRbac());
    }

    @Test
    void aModelsModeComesFromModelInfoAndMustBeOneLiteLlmKnows() {
        assertEquals(ModelMode.AUDIO_TRANSCRIPTION, PolicyReading.parse("""
                model_list:
                  - model_name: whisper
                    litellm_params: {model: openai/whisper-1}
                    model_info: {mode: audio_transcription}
                """).models().get(0).mode());
        assertProblemAt(rejected("""
                model_list:
                  - model_name: whisper
                    litellm_params: {model: openai/whisper-1}
                    model_info: {mode: speech_to_text}
                """), "model_list[0].model_info.mode");
    }

    @Test
    void aModelThatWouldBeServedOnNoApiIsRefused() {
        assertTrue(assertProblemAt(rejected("""
                model_list:
                  - model_name: ranker
                    litellm_params: {model: azure/rerank, api_base: "https://x.openai.azure.com"}
                    model_info: {mode: rerank}
                """), "model_list[0].model_info.mode").message().contains("mode 'rerank' is not served by azure/ deployments"));
        assertTrue(assertProblemAt(rejected("""
                model_list:
                  - model_name: mixed
                    litellm_params: {model: openai/gpt-4o}
                  - model_name: mixed
                    litellm_params: {model: anthropic/claude-sonnet-4-5}
                """), "model_list[0]").message().contains("speak no API in common"));
    }

    @Test
    void malformedRoleClaimPathIsRefused() {
        PolicyValidationException e = rejected("""
                general_settings:
                  litellm_jwtauth:
                    user_roles_jwt_field: "realm_access..roles"
                """);

        assertProblemAt(e, "general_settings.litellm_jwtauth.user_roles_jwt_field");
    }

    // ---- role permissions ----

    @Test
    void rolePermissionsAreReadFromGeneralSettingsAndTopLevel() {
        PolicyDocument doc = PolicyReading.parse("""
                general_settings:
                  role_permissions:
                    - role: internal_user
                      models: ["anthropic-claude"]
                role_permissions:
                  - role: team
                    models: ["openai/*", "tag:fast"]
                  - role: proxy_admin
                    models: "*"
                """);

        assertEquals(List.of(
                new Permission("internal_user", List.of("anthropic-claude")),
                new Permission("team", List.of("openai/*", "tag:fast")),
                new Permission("proxy_admin", List.of("*"))), doc.permissions());
    }

    @Test
    void unknownRoleInRolePermissionsIsRefusedNamingTheField() {
        PolicyValidationException e = rejected("""
                general_settings:
                  role_permissions:
                    - role: internal_user
                      models: ["a"]
                    - role: data_science
                      models: ["b"]
                role_permissions:
                  - role: ghosts
                    models: ["c"]
                """);

        assertTrue(assertProblemAt(e, "general_settings.role_permissions[1].role").message().contains("data_science"));
        assertTrue(assertProblemAt(e, "role_permissions[0].role").message().contains("ghosts"));
        assertTrue(e.getMessage().contains("general_settings.role_permissions[1].role"), e.getMessage());
    }

    @Test
    void invalidModelPatternIsRefusedNamingTheItem() {
        PolicyValidationException e = rejected("""
                role_permissions:
                  - role: team
                    models: ["ok", "tag:"]
                """);

        assertProblemAt(e, "role_permissions[0].models[1]");
    }

    // ---- Modelgate's extensions ----

    @Test
    void modelgateRolesAndRoleMappings() {
        PolicyDocument doc = PolicyReading.parse("""
                modelgate:
                  roles:
                    - name: data_science
                      description: Data scientists
                    - name: auditors
                  role_mappings:
                    - idp_role: ds-team
                      gateway_role: data_science
                    - idp_role: admins
                      gateway_role: proxy_admin
                role_permissions:
                  - role: data_science
                    models: ["gpt-*"]
                """);

        assertEquals(List.of(new GatewayRole("data_science", "Data scientists"), new GatewayRole("auditors", null)),
                doc.roles());
        assertEquals(List.of(new RoleMapping("ds-team", List.of("data_science")), new RoleMapping("admins", List.of("proxy_admin"))),
                doc.roleMappings());
        assertEquals(List.of(new Permission("data_science", List.of("gpt-*"))), doc.permissions());
    }

    @Test
    void badRoleDeclarationsAndMappingsAreRefused() {
        PolicyValidationException e = rejected("""
                modelgate:
                  roles:
                    - name: "has space"
                    - name: internal_user
                    - name: dup
                    - name: dup
                  role_mappings:
                    - idp_role: x
                      gateway_role: nobody
                    - gateway_role: dup
                """);

        assertAll(
                () -> assertProblemAt(e, "modelgate.roles[0].name"),
                () -> assertProblemAt(e, "modelgate.roles[1].name"),
                () -> assertProblemAt(e, "modelgate.roles[3].name"),
                () -> assertProblemAt(e, "modelgate.role_mappings[0].gateway_role"),
                () -> assertProblemAt(e, "modelgate.role_mappings[1].idp_role"));
    }

    // ---- model_list ----

    @Test
    void providerPrefixesSelectTheUpstreamKind() {
        PolicyDocument doc = PolicyReading.parse("""
                model_list:
                  - model_name: compat
                    litellm_params:
                      model: openai/meta-llama/Llama-3-8B
                      api_base: http://vllm.internal:8000/v1
                      api_key: os.environ/VLLM_KEY
                  - model_name: az
                    litellm_params:
                      model: azure/gpt-4o-prod
                      api_base: https://example.openai.azure.com
                      api_version: "2024-06-01"
                      api_key: os.environ/AZURE_API_KEY
                  - model_name: fake
                    litellm_params:
                      model: mock/gpt-4o
                """);

        DeploymentParams compat = model(doc, "compat").deployments().get(0);
        DeploymentParams azure = model(doc, "az").deployments().get(0);
        DeploymentParams mock = model(doc, "fake").deployments().get(0);
        assertAll(
                () -> assertEquals(UpstreamKind.OPENAI, compat.kind()),
                () -> assertEquals("meta-llama/Llama-3-8B", compat.upstreamModel(), "only the provider prefix goes"),
                () -> assertEquals("http://vllm.internal:8000/v1", compat.apiBase()),
                () -> assertEquals("os.environ/VLLM_KEY", compat.apiKey()),
                () -> assertEquals(UpstreamKind.AZURE, azure.kind()),
                () -> assertEquals("gpt-4o-prod", azure.upstreamModel()),
                () -> assertEquals("https://example.openai.azure.com", azure.apiBase()),
                () -> assertEquals("2024-06-01", azure.apiVersion()),
                () -> assertEquals("os.environ/AZURE_API_KEY", azure.apiKey()),
                () -> assertEquals(UpstreamKind.MOCK, mock.kind()),
                () -> assertEquals("gpt-4o", mock.upstreamModel()));
    }

    @Test
    void mockParametersAreRead() {
        DeploymentParams d = onlyDeployment(PolicyReading.parse(oneModel("""
                model: mock/gpt-4o
                mock_response: "Hello from the mock"
                mock_latency_ms: 150
                mock_chunk_delay_ms: 5
                mock_failure_rate: 0.25
                mock_failure_status: 503
                """)));

        assertEquals(List.of("Hello from the mock", 150, 5, 0.25, 503),
                List.of(d.mockResponse(), d.mockLatencyMs(), d.mockChunkDelayMs(), d.mockFailureRate(), d.mockFailureStatus()));
        assertEquals(Map.of(), d.extraParams(), "mock parameters are not extras");
    }

    @Test
    void outOfRangeMockParametersAreRefused() {
        PolicyValidationException e = rejected(oneModel("""
                model: mock/gpt-4o
                mock_latency_ms: -1
                mock_failure_rate: 1.5
                mock_failure_status: 200
                """));

        assertAll(
                () -> assertProblemAt(e, "model_list[0].litellm_params.mock_latency_ms"),
                () -> assertProblemAt(e, "model_list[0].litellm_params.mock_failure_rate"),
                () -> assertProblemAt(e, "model_list[0].litellm_params.mock_failure_status"));
    }

    @Test
    void entriesSharingAModelNameAreDeploymentsOfOneModel() {
        PolicyDocument doc = PolicyReading.parse("""
                model_list:
                  - model_name: gpt-4o
                    litellm_params:
                      model: openai/gpt-4o
                      weight: 1
                    model_info:
                      description: Primary
                      tags: [premium]
                  - model_name: other
                    litellm_params:
                      model: mock/x
                  - model_name: gpt-4o
                    litellm_params:
                      model: azure/gpt-4o-eu
                      api_base: https://eu.openai.azure.com
                      weight: 3
                      tags: [eu]
                    model_info:
                      description: Ignored, the first description wins
                """);

        assertEquals(List.of("gpt-4o", "other"), doc.models().stream().map(Model::modelName).toList());
        Model gpt = model(doc, "gpt-4o");
        assertAll(
                () -> assertEquals(2, gpt.deployments().size()),
                () -> assertEquals(List.of(UpstreamKind.OPENAI, UpstreamKind.AZURE),
                        gpt.deployments().stream().map(DeploymentParams::kind).toList()),
                () -> assertEquals(List.of(1, 3), gpt.deployments().stream().map(DeploymentParams::weight).toList()),
                () -> assertEquals("Primary", gpt.description()),
                () -> assertEquals(List.of("premium", "eu"), List.copyOf(gpt.allTags())));
    }

    @Test
    void timeoutsAreSecondsAsLiteLlmGivesThem() {
        DeploymentParams d = onlyDeployment(PolicyReading.parse(oneModel("""
                model: gpt-4o
                timeout: 30
                connect_timeout: 0.5
                """)));

        assertEquals(new BigDecimal("30"), d.timeout());
        assertEquals(new BigDecimal("0.5"), d.connectTimeout());
    }

    @Test
    void extraLitellmParamsArePreserved() {
        DeploymentParams d = onlyDeployment(PolicyReading.parse(oneModel("""
                model: gpt-4o
                rpm: 10
                temperature: 0.2
                drop_params: true
                region_name: eu-west-1
                """)));

        assertEquals(Map.of("rpm", 10, "temperature", 0.2, "drop_params", true, "region_name", "eu-west-1"),
                d.extraParams());
    }

    @Test
    void structuredExtraParamIsRefused() {
        PolicyValidationException e = rejected(oneModel("""
                model: gpt-4o
                extra_headers: {X-Foo: bar}
                """));

        assertProblemAt(e, "model_list[0].litellm_params.extra_headers");
    }

    // ---- secrets ----

    @Test
    void apiKeyReferenceIsKept() {
        DeploymentParams d = onlyDeployment(PolicyReading.parse(oneModel("""
                model: openai/gpt-4o
                api_key: os.environ/OPENAI_API_KEY
                """)));

        assertEquals("os.environ/OPENAI_API_KEY", d.apiKey());
    }

    @Test
    void literalApiKeyIsRefusedWithoutRepeatingIt() {
        String secret = "sk-proj-DoNotLeakMe0123456789";
        PolicyValidationException e = rejected(oneModel("""
                model: openai/gpt-4o
                api_key: %s
                """.formatted(secret)));

        Problem p = assertProblemAt(e, "model_list[0].litellm_params.api_key");
        assertFalse(p.message().contains(secret), p.message());
        assertFalse(e.getMessage().contains(secret), e.getMessage());
        assertFalse(e.getMessage().contains("DoNotLeakMe"), e.getMessage());
    }

    @Test
    void malformedApiKeyReferenceIsRefusedWithoutRepeatingIt() {
        // A key pasted after the prefix by mistake must not end up in the error either.
        String secret = "sk-proj-DoNotLeakMe0123456789";
        PolicyValidationException e = rejected(oneModel("""
                model: openai/gpt-4o
                api_key: os.environ/%s
                """.formatted(secret)));

        assertProblemAt(e, "model_list[0].litellm_params.api_key");
        assertFalse(e.getMessage().contains("DoNotLeakMe"), e.getMessage());
    }

    @Test
    void yamlSyntaxErrorDoesNotQuoteTheOffendingLine() {
        // SnakeYAML's own message includes a snippet of the line, which here holds a literal key.
        PolicyValidationException e = rejected(oneModel("""
                model: openai/gpt-4o
                api_key: sk-DoNotLeakMe: oops
                """));

        Problem p = assertProblemAt(e, "(file)");
        assertTrue(p.message().contains("line 5"), p.message());
        assertFalse(e.getMessage().contains("DoNotLeakMe"), e.getMessage());
    }

    // ---- model_list problems ----

    @Test
    void unknownProviderPrefixIsRefusedNamingTheField() {
        PolicyValidationException e = rejected("""
                model_list:
                  - model_name: ok
                    litellm_params:
                      model: mock/x
                  - model_name: gemini
                    litellm_params:
                      model: gemini/gemini-2.5-pro
                """);

        Problem p = assertProblemAt(e, "model_list[1].litellm_params.model");
        assertTrue(p.message().contains("provider 'gemini' is not supported") && p.message().contains("anthropic/"), p.message());
        assertTrue(e.getMessage().contains("model_list[1].litellm_params.model"), e.getMessage());
    }

    @Test
    void aSelfHostedServerWithoutApiBaseIsRefusedAndWithOneIsAccepted() {
        for (String provider : List.of("hosted_vllm", "ollama_chat", "ollama", "lm_studio")) {
            PolicyValidationException e = rejected(oneModel("model: " + provider + "/qwen3"));
            Problem p = assertProblemAt(e, "model_list[0].litellm_params.api_base");
            assertTrue(p.message().contains(provider + "/") && p.message().contains("/v1"), p.message());
        }
        DeploymentParams d = onlyDeployment(PolicyReading.parse(oneModel("model: hosted_vllm/Qwen/Qwen3-32B\napi_base: http://vllm:8000")));
        assertEquals("hosted_vllm/Qwen/Qwen3-32B", d.model(), "kept as written");
        assertEquals(Provider.HOSTED_VLLM, d.provider());
    }

    @Test
    void nativeApisAreApiPathsAndAreKept() {
        PolicyValidationException e = rejected(oneModel("model: mock/x\nnative_apis: [/v1/chat/completions, /v1/chat]"));
        Problem p = assertProblemAt(e, "model_list[0].litellm_params.native_apis[1]");
        assertTrue(p.message().contains("'/v1/chat' is not an API path") && p.message().contains("/v1/messages"), p.message());

        DeploymentParams d = onlyDeployment(PolicyReading.parse(oneModel("model: mock/x\nnative_apis: [/v1/messages]")));
        assertEquals(List.of("/v1/messages"), d.nativeApis());
        assertEquals(java.util.Set.of(io.modelgate.policy.Api.MESSAGES), d.spokenApis());
    }

    @Test
    void azureWithoutApiBaseIsRefused() {
        PolicyValidationException e = rejected(oneModel("model: azure/gpt-4o"));

        assertProblemAt(e, "model_list[0].litellm_params.api_base");
    }

    @Test
    void badApiBaseIsRefused() {
        PolicyValidationException e = rejected(oneModel("""
                model: openai/gpt-4o
                api_base: ftp://example.com
                """));

        assertProblemAt(e, "model_list[0].litellm_params.api_base");
    }

    @Test
    void badApiBaseIsNotRepeatedBecauseItMayCarryAKey() {
        PolicyValidationException e = rejected(oneModel("""
                model: openai/gpt-4o
                api_base: "ftp://models.example.com/v1?key=sk-in-the-url-123"
                """));

        assertProblemAt(e, "model_list[0].litellm_params.api_base");
        assertFalse(e.getMessage().contains("sk-in-the-url-123"), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRefusedRatherThanSilentlyOverridden() {
        PolicyValidationException e = rejected("""
                general_settings:
                  litellm_jwtauth:
                    enforce_rbac: true
                    enforce_rbac: false
                """);

        assertTrue(e.getMessage().contains("enforce_rbac"), e.getMessage());
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void missingModelNameAndParamsAreRefused() {
        PolicyValidationException e = rejected("""
                model_list:
                  - litellm_params:
                      model: gpt-4o
                  - model_name: no-params
                  - model_name: no-upstream-model
                    litellm_params:
                      weight: 2
                """);

        assertAll(
                () -> assertProblemAt(e, "model_list[0].model_name"),
                () -> assertProblemAt(e, "model_list[1].litellm_params"),
                () -> assertProblemAt(e, "model_list[2].litellm_params.model"));
    }

    @Test
    void severalProblemsAreReportedTogether() {
        PolicyValidationException e = rejected("""
                general_settings:
                  litellm_jwtauth:
                    enforce_rbac: maybe
                role_permissions:
                  - role: nobody
                    models: ["x"]
                model_list:
                  - model_name: a
                    litellm_params:
                      model: bedrock/claude
                  - model_name: b
                    litellm_params:
                      model: azure/gpt-4o
                  - model_name: c
                    litellm_params:
                      model: gpt-4o
                      weight: 0
                """);

        List<String> fields = e.problems().stream().map(Problem::field).toList();
        assertEquals(List.of(
                "general_settings.litellm_jwtauth.enforce_rbac",
                "role_permissions[0].role",
                "model_list[0].litellm_params.model",
                "model_list[1].litellm_params.api_base",
                "model_list[2].litellm_params.weight"), fields);
        for (String field : fields) {
            assertTrue(e.getMessage().contains(field), e.getMessage());
        }
    }

    // ---- file-level problems ----

    @Test
    void yamlSyntaxErrorIsReportedWithALineNumber() {
        PolicyValidationException e = rejected("""
                general_settings:
                  litellm_jwtauth:
                    user_roles_jwt_field: "roles
                model_list: []
                """);

        Problem p = assertProblemAt(e, "(file)");
        assertTrue(p.message().matches("(?s).*line \\d+.*"), p.message());
    }

    @Test
    void badIndentationIsReportedWithItsLine() {
        PolicyValidationException e = rejected("""
                model_list:
                  - model_name: a
                    litellm_params:
                      model: gpt-4o
                   bad: indentation
                """);

        assertTrue(e.getMessage().contains("line 5"), e.getMessage());
    }

    @Test
    void emptyOrNonMappingFileIsRefused() {
        assertProblemAt(rejected(""), "(file)");
        assertProblemAt(rejected("# only a comment\n"), "(file)");
        assertProblemAt(rejected("- a\n- b\n"), "(file)");
    }

    @Test
    void wrongShapesAreRefusedNamingTheField() {
        PolicyValidationException e = rejected("""
                general_settings: []
                model_list:
                  model_name: not-a-list
                """);

        assertProblemAt(e, "general_settings");
        assertProblemAt(e, "model_list");
    }

    // ---- keys: Modelgate's own refused when unknown, LiteLLM's accepted and reported ----

    @Test
    void anUnknownKeyUnderModelgateIsRefusedWithItsPath() {
        PolicyValidationException e = rejected("""
                modelgate:
                  roles: [{name: analysts}]
                  limts: [{role: analysts, rpm: 10}]
                  role_mappings:
                    - {idp_role: a, gateway_role: analysts, priority: 1}
                """);

        assertTrue(assertProblemAt(e, "modelgate.limts").message().contains("roles, role_mappings"), e.getMessage());
        assertProblemAt(e, "modelgate.role_mappings[0].priority");
    }

    @Test
    void keysLiteLlmKnowsAndModelgateDoesNotUseAreAcceptedAndListed() {
        LiteLlmFormat.Imported imported = PolicyReading.FORMAT.read("""
                general_settings:
                  enable_jwt_auth: true
                  master_key: os.environ/LITELLM_MASTER_KEY
                  litellm_jwtauth: {user_roles_jwt_field: roles, team_id_jwt_field: client_id}
                litellm_settings: {drop_params: true}
                model_list:
                  - model_name: m
                    litellm_params: {model: mock/m}
                    model_info: {id: abc, base_model: gpt-4o}
                """, SecretRules.REFERENCES_ONLY);

        assertEquals(List.of("general_settings.enable_jwt_auth", "general_settings.master_key",
                "general_settings.litellm_jwtauth.team_id_jwt_field", "litellm_settings", "model_list[0].model_info.id",
                "model_list[0].model_info.base_model"), imported.ignoredKeys());
    }

    @Test
    void aMappingMayNameSeveralGatewayRolesAndEntriesForOneValueAreOneMapping() {
        PolicyDocument doc = PolicyReading.parse("""
                modelgate:
                  roles: [{name: a}, {name: b}, {name: c}]
                  role_mappings:
                    - {idp_role: ds, gateway_role: a}
                    - {idp_role: ds, gateway_roles: [b, a, c]}
                """);

        assertEquals(List.of(new RoleMapping("ds", List.of("a", "b", "c"))), doc.roleMappings());
    }

    @Test
    void problemsNameTheKeyAsWrittenAndTheEntryThatCausedThem() {
        PolicyValidationException e = rejected("""
                modelgate:
                  role_mappings:
                    - {idp_role: ok, gateway_role: internal_user}
                    - {idp_role: ok, gateway_role: nobody}
                model_list:
                  - model: a
                    litellm_params: {model: mock/a}
                  - model: a
                    litellm_params: {model: mock/b, litellm_credential_name: missing}
                """);

        assertEquals(List.of("modelgate.role_mappings[1].gateway_role", "model_list[1].litellm_params.litellm_credential_name"),
                e.problems().stream().map(Problem::field).toList());
    }

    @Test
    void anAzureCredentialNamingNoSignInIsAzuresDefaultOrder() {
        PolicyDocument doc = PolicyReading.parse("""
                credential_list:
                  - credential_name: entra
                    credential_values: {type: azure_ad, scope: https://cognitiveservices.azure.com/.default}
                """);

        var values = (io.modelgate.policy.CredentialValues.AzureAd) doc.credentials().get(0).credentialValues();
        assertEquals(io.modelgate.policy.AzureMode.DEFAULT, values.signIn());
        PolicyValidationException e = rejected("""
                credential_list:
                  - credential_name: entra
                    credential_values: {type: azure_ad, mode: client_secret, scope: s}
                """);
        assertProblemAt(e, "credential_list[0].credential_values.client_secret");
        assertProblemAt(e, "credential_list[0].credential_values.tenant_id");
    }

    @Test
    void anUnknownCredentialTypeIsOneProblem() {
        PolicyValidationException e = rejected("""
                credential_list:
                  - credential_name: c
                    credential_values: {type: vault, api_key: os.environ/X}
                """);

        assertEquals(List.of(new Problem("credential_list[0].credential_values.type",
                "must be api_key, oauth2_client_credentials, oauth2_token_exchange, azure_ad or custom")), e.problems());
    }

    @Test
    void aTokenExchangeCredentialNeedsItsAudienceAndServesMcpServersNotModels() {
        PolicyValidationException e = rejected("""
                credential_list:
                  - credential_name: exchange
                    credential_values: {type: oauth2_token_exchange, token_url: "https://idp.example.com/token", client_id: gw,
                                        client_secret: os.environ/X}
                  - credential_name: wiki-exchange
                    credential_values: {type: oauth2_token_exchange, token_url: "https://idp.example.com/token", client_id: gw,
                                        client_secret: os.environ/X, audience: wiki}
                model_list:
                  - model_name: m
                    litellm_params: {model: openai/gpt-4o, litellm_credential_name: wiki-exchange}
                mcp_servers:
                  wiki: {url: "https://wiki.example.com/mcp", credential_name: wiki-exchange}
                """);
        assertTrue(assertProblemAt(e, "credential_list[0].credential_values.audience").message().contains("is required"));
        Problem model = assertProblemAt(e, "model_list[0].litellm_params.litellm_credential_name");
        assertTrue(model.message().contains("serves MCP servers only"), model.message());
        assertEquals(2, e.problems().size(), "the MCP server may use it: " + e.problems());
    }
}
