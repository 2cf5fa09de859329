package io.modelgate.catalog;

import io.modelgate.secret.SecretBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writing a policy in LiteLLM's format and reading it back gives the same policy: export → import is lossless. */
class LiteLlmConfigWriterTest {

    @ParameterizedTest
    @ValueSource(strings = {"test-policy.yaml", "litellm-docs-example.yaml", "litellm-docs-example-no-rbac.yaml", "dev/demo-litellm-config.yaml"})
    void aPolicyReadBackFromItsExportIsTheSame(String resource) throws IOException {
        PolicyDocument original = LiteLlmConfig.parse(read(resource));
        String exported = LiteLlmConfigWriter.toYaml(original);
        assertEquals(original, LiteLlmConfig.parse(exported), exported);
        assertEquals(exported, LiteLlmConfigWriter.toYaml(LiteLlmConfig.parse(exported)), "the export is stable");
    }

    @Test
    void sealedSecretsAreExportedSealedAndOpenAgainWithTheSameKey() {
        SecretBox box = new SecretBox(Optional.of(Base64.getEncoder().encodeToString(new byte[32])), name -> null);
        PolicyDocument imported = LiteLlmConfig.parse("""
                credential_list:
                  - credential_name: vendor
                    credential_values: {api_key: sk-plain-value-123}
                model_list:
                  - model_name: m
                    litellm_params: {model: openai/m, api_base: "http://127.0.0.1:1/v1", litellm_credential_name: vendor}
                """, box);
        String exported = LiteLlmConfigWriter.toYaml(imported);
        assertFalse(exported.contains("sk-plain-value-123"), exported);
        assertTrue(exported.contains("modelgate/sealed:v1:"), exported);
        assertEquals(imported, LiteLlmConfig.parse(exported, box));
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = LiteLlmConfigWriterTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${UPSTREAM}", "http://127.0.0.1:1")
                    .replace("${CLOSED}", "http://127.0.0.1:2")
                    .replace("${FEDERATED_TOKEN_FILE}", "/var/run/secrets/token");
        }
    }
}
