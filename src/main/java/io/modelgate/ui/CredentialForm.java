package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.policy.AzureMode;
import io.modelgate.policy.Credential;
import io.modelgate.policy.CredentialValues;
import io.modelgate.policy.binding.PolicyJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The upstream credential form: one field per credential value, of which each kind uses some (the page
 * shows those of the chosen kind). Pure: it reads the stored credential (the admin API's
 * {@code credential_list} item) or a submitted form, and builds the body the policy service validates.
 * Secrets ({@code api_key}, {@code client_secret}) are write-only, see {@link SecretField}.
 */
public record CredentialForm(String name, String type, Map<String, String> values, Map<String, String> secretStatus,
        Map<String, String> newSecrets, Set<String> cleared) {

    /** The credential kinds and the values each uses, beside the common {@code api_base}, {@code api_version} and {@code on_failure}. */
    static final Map<String, List<String>> FIELDS_BY_TYPE = fieldsByType();
    static final List<String> COMMON = List.of("api_base", "api_version", "on_failure");
    static final List<String> SECRETS = List.of("api_key", "client_secret");

    private static Map<String, List<String>> fieldsByType() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("api_key", List.of("api_key"));
        fields.put("oauth2_client_credentials", List.of("token_url", "client_id", "client_secret", "scope", "audience", "client_auth",
                "extra_params"));
        fields.put("oauth2_token_exchange", List.of("token_url", "client_id", "client_secret", "audience", "resource", "scope",
                "requested_token_type", "client_auth", "extra_params"));
        fields.put("azure_ad", List.of("mode", "tenant_id", "client_id", "client_secret", "federated_token_file", "scope",
                "authority_host", "identity_endpoint"));
        fields.put("custom", List.of("bean", "scope"));
        return Map.copyOf(fields);
    }

    public static CredentialForm empty() {
        return new CredentialForm("", "oauth2_client_credentials", Map.of(), statusOf(Optional.empty()), Map.of(), Set.of());
    }

    /** The form for a stored credential; secrets only as set/unset and where they live. */
    public static CredentialForm of(JsonNode credential) {
        JsonNode stored = credential.path("credential_values");
        Map<String, String> values = new LinkedHashMap<>();
        stored.fields().forEachRemaining(f -> {
            String field = f.getKey();
            JsonNode value = f.getValue();
            if (SECRETS.contains(field) || field.equals("type")) {
                return;
            }
            if (field.equals("extra_params")) {
                values.put(field, KeyValueLines.format(value, Set.of()));
            } else if (value.isArray()) {
                StringBuilder joined = new StringBuilder();
                value.forEach(v -> joined.append(joined.length() == 0 ? "" : " ").append(v.asText()));
                values.put(field, joined.toString());
            } else {
                values.put(field, value.asText());
            }
        });
        if (PolicyJson.MAPPER.convertValue(credential, Credential.class).credentialValues() instanceof CredentialValues.AzureAd azure) {
            values.put("mode", azure.signIn().configName()); // the form names the sign-in the flags imply
            values.remove("managed_identity");
            values.remove("workload_identity");
        }
        return new CredentialForm(credential.path("credential_name").asText(), stored.path("type").asText("api_key"), values,
                statusOf(Optional.of(credential)), Map.of(), Set.of());
    }

    /** The form as submitted; secret statuses come from {@code stored}, the credential as it is now (if any). */
    public static CredentialForm submitted(Map<String, List<String>> form, Optional<JsonNode> stored) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> typed = new LinkedHashMap<>();
        Set<String> cleared = new LinkedHashSet<>();
        for (String field : allFields()) {
            String value = FormFields.first(form, field);
            if (SECRETS.contains(field)) {
                if (value != null && !value.isBlank()) {
                    typed.put(field, value.trim());
                }
                if (FormFields.first(form, "clear_" + field) != null) {
                    cleared.add(field);
                }
            } else if (value != null && !value.isBlank()) {
                values.put(field, field.equals("extra_params") ? value : value.trim());
            }
        }
        String type = Optional.ofNullable(FormFields.first(form, "type")).map(String::trim).orElse("api_key");
        String name = Optional.ofNullable(FormFields.first(form, "credential_name")).map(String::trim).orElse("");
        return new CredentialForm(name, type, values, statusOf(stored), typed, cleared);
    }

    /**
     * The credential as the policy service takes it: the values of its kind only. An untouched secret is the
     * stored one, if the stored credential had it.
     *
     * @throws FormProblems when the extra parameters cannot be read
     */
    public ObjectNode body(Optional<JsonNode> stored) {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("credential_name", name);
        ObjectNode out = json.putObject("credential_values").put("type", type);
        List<String> fields = new ArrayList<>(FIELDS_BY_TYPE.getOrDefault(type, List.of()));
        fields.addAll(COMMON);
        for (String field : fields) {
            if (SECRETS.contains(field)) {
                SecretField.resolve(newSecrets.get(field), cleared.contains(field), storedSecret(stored, field))
                        .ifPresent(s -> out.put(field, s));
            } else if (field.equals("extra_params")) {
                if (values.containsKey(field)) {
                    try {
                        KeyValueLines.parseInto(values.get(field), out.putObject(field));
                    } catch (IllegalArgumentException e) {
                        throw new FormProblems(Map.of(field, e.getMessage()));
                    }
                }
            } else if (values.containsKey(field)) {
                out.put(field, values.get(field));
            }
        }
        return json;
    }

    /** The form field a policy problem concerns ({@code credential_values.token_url} → {@code token_url}). */
    public static Optional<String> fieldOf(String problemField) {
        String field = problemField.startsWith("credential_values.") ? problemField.substring("credential_values.".length()) : problemField;
        int end = field.indexOf('.');
        String head = end < 0 ? field : field.substring(0, end);
        return head.equals("credential_name") || head.equals("type") || allFields().contains(head) ? Optional.of(head) : Optional.empty();
    }

    /** How the page shows a value field: a text box, a choice, lines of text, or a write-only secret. */
    public record Field(String name, String label, String hint, String control, List<String> options) {
        public String kinds() {
            return kindsOf(name);
        }
    }

    /** The value fields in the order the page shows them. */
    public static final List<Field> FIELDS = List.of(
            new Field("api_key", "API key", "os.environ/NAME, or the key itself (then stored sealed)", "secret", List.of()),
            new Field("token_url", "Token endpoint URL", "", "text", List.of()),
            new Field("mode", "Entra ID sign-in", "default: the environment, then managed identity", "select",
                    java.util.Arrays.stream(AzureMode.values()).map(AzureMode::configName).toList()),
            new Field("tenant_id", "Tenant ID", "", "text", List.of()),
            new Field("client_id", "Client ID", "", "text", List.of()),
            new Field("client_secret", "Client secret", "os.environ/NAME, or the secret itself (then stored sealed)", "secret", List.of()),
            new Field("federated_token_file", "Federated token file", "workload identity only", "text", List.of()),
            new Field("bean", "Token bean", "the name of a TokenCredential bean", "text", List.of()),
            new Field("scope", "Scope", "space separated", "text", List.of()),
            new Field("audience", "Audience", "optional; for a token exchange, the upstream the exchanged token is for (required)", "text", List.of()),
            new Field("resource", "Resource", "optional; RFC 8707 resource indicator", "text", List.of()),
            new Field("requested_token_type", "Requested token type", "optional; default the IdP's (an access token)", "text", List.of()),
            new Field("client_auth", "Client authentication", "", "select", List.of("client_secret_basic", "client_secret_post")),
            new Field("extra_params", "Extra token request parameters", "one name: value per line", "lines", List.of()),
            new Field("authority_host", "Authority host", "optional; the Entra ID sign-in URL", "text", List.of()),
            new Field("identity_endpoint", "Managed identity endpoint", "optional", "text", List.of()),
            new Field("api_base", "API base", "optional; for models using this credential", "text", List.of()),
            new Field("api_version", "API version", "optional; Azure OpenAI api-version", "text", List.of()),
            new Field("on_failure", "When no token can be obtained", "", "select", List.of("fail", "proceed_without_auth")));

    /** Every value field, in the order the page shows them. */
    static Set<String> allFields() {
        Set<String> all = new LinkedHashSet<>();
        FIELDS.forEach(f -> all.add(f.name()));
        return all;
    }

    /** The kinds that use {@code field}, as CSS classes the page shows or hides the field by. */
    static String kindsOf(String field) {
        if (COMMON.contains(field)) {
            return "kind-any";
        }
        StringBuilder classes = new StringBuilder();
        FIELDS_BY_TYPE.forEach((type, fields) -> {
            if (fields.contains(field)) {
                classes.append(classes.length() == 0 ? "" : " ").append("kind-").append(type);
            }
        });
        return classes.toString();
    }

    private static Map<String, String> statusOf(Optional<JsonNode> stored) {
        Map<String, String> status = new LinkedHashMap<>();
        for (String secret : SECRETS) {
            status.put(secret, SecretField.describe(storedSecret(stored, secret)));
        }
        return status;
    }

    /** The reference of secret {@code field} in the stored credential, if it has one. */
    private static Optional<String> storedSecret(Optional<JsonNode> credential, String field) {
        return credential.map(c -> c.path("credential_values").path(field)).filter(JsonNode::isTextual).map(JsonNode::asText);
    }
}
