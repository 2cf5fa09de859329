package io.modelgate.litellm;

import io.modelgate.policy.PolicyDocument;
import io.modelgate.secret.SecretBox;
import io.modelgate.secret.SecretRules;
import io.modelgate.testing.PolicyReading;
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
class LiteLlmExportTest {

    @ParameterizedTest
    @ValueSource(strings = {"test-policy.yaml", "litellm-docs-example.yaml", "litellm-docs-example-no-rbac.yaml", "dev/demo-litellm-config.yaml"})
    void aPolicyReadBackFromItsExportIsTheSame(String resource) throws IOException {
        PolicyDocument original = PolicyReading.parse(read(resource));
        String exported = LiteLlmFormat.write(original);
        assertEquals(original, PolicyReading.parse(exported), exported);
        assertEquals(exported, LiteLlmFormat.write(PolicyReading.parse(exported)), "the export is stable");
    }

    @Test
    void sealedSecretsAreExportedSealedAndOpenAgainWithTheSameKey() {
        SecretBox box = new SecretBox(Optional.of(Base64.getEncoder().encodeToString(new byte[32])), name -> null);
        PolicyDocument imported = PolicyReading.FORMAT.read("""
                credential_list:
                  - credential_name: vendor
                    credential_values: {api_key: sk-plain-value-123}
                model_list:
                  - model_name: m
                    litellm_params: {model: openai/m, api_base: "http://127.0.0.1:1/v1", litellm_credential_name: vendor}
                """, new SecretRules(box)).document();
        String exported = LiteLlmFormat.write(imported);
        assertFalse(exported.contains("sk-plain-value-123"), exported);
        assertTrue(exported.contains("modelgate/sealed:v1:"), exported);
        assertEquals(imported, PolicyReading.FORMAT.read(exported, new SecretRules(box)).document());
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = LiteLlmExportTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${UPSTREAM}", "http://127.0.0.1:1")
                    .replace("${CLOSED}", "http://127.0.0.1:2")
                    .replace("${FEDERATED_TOKEN_FILE}", "/var/run/secrets/token");
        }
    }
}
