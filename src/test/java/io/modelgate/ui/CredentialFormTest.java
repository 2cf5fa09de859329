package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode stored() throws Exception {
        return JSON.readTree("""
                {"credential_name":"idp","credential_values":{"type":"oauth2_client_credentials","token_url":"https://idp/token",
                 "client_id":"gw","client_secret":"os.environ/IDP_SECRET","scope":["a","b"],"client_auth":"client_secret_post",
                 "extra_params":{"resource":"https://models"},"on_failure":"proceed_without_auth"}}""");
    }

    private static Map<String, List<String>> posted(CredentialForm form) {
        Map<String, List<String>> fields = new HashMap<>();
        fields.put("credential_name", List.of(form.name()));
        fields.put("type", List.of(form.type()));
        CredentialForm.FIELDS.forEach(f -> fields.put(f.name(), List.of(f.control().equals("secret") ? ""
                : form.values().getOrDefault(f.name(), f.options().isEmpty() ? "" : f.options().get(0)))));
        return fields;
    }

    @Test
    void savingTheFormUntouchedKeepsTheCredentialAndItsSecret() throws Exception {
        CredentialForm form = CredentialForm.of(stored());
        assertEquals("set (os.environ/IDP_SECRET)", form.secretStatus().get("client_secret"));
        assertEquals("a b", form.values().get("scope"));
        assertFalse(form.values().containsKey("client_secret"), "a secret is not a value the form shows");

        JsonNode body = CredentialForm.submitted(posted(form), Optional.of(stored())).body(Optional.of(stored()));
        JsonNode expected = stored().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.path("credential_values")).put("scope", "a b");
        assertEquals(expected, body);
    }

    @Test
    void aTypedSecretReplacesAndClearRemoves() throws Exception {
        Map<String, List<String>> fields = posted(CredentialForm.of(stored()));
        fields.put("client_secret", List.of("os.environ/OTHER"));
        assertEquals("os.environ/OTHER", CredentialForm.submitted(fields, Optional.of(stored())).body(Optional.of(stored()))
                .at("/credential_values/client_secret").asText());
        fields.put("client_secret", List.of(""));
        fields.put("clear_client_secret", List.of("on"));
        assertTrue(CredentialForm.submitted(fields, Optional.of(stored())).body(Optional.of(stored()))
                .at("/credential_values/client_secret").isMissingNode());
    }

    @Test
    void onlyTheChosenKindsValuesAreSent() throws Exception {
        Map<String, List<String>> fields = posted(CredentialForm.of(stored()));
        fields.put("type", List.of("custom"));
        fields.put("bean", List.of("myTokens"));
        JsonNode values = CredentialForm.submitted(fields, Optional.of(stored())).body(Optional.of(stored())).path("credential_values");
        assertEquals(List.of("type", "bean", "scope", "on_failure"), iterableNames(values));
    }

    @Test
    void problemsNameTheFormsFields() {
        assertEquals(Optional.of("token_url"), CredentialForm.fieldOf("credential_values.token_url"));
        assertEquals(Optional.of("extra_params"), CredentialForm.fieldOf("credential_values.extra_params.resource"));
        assertEquals(Optional.of("credential_name"), CredentialForm.fieldOf("credential_name"));
        assertEquals(Optional.empty(), CredentialForm.fieldOf("model_list[0].litellm_params.litellm_credential_name"));
    }

    private static List<String> iterableNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
