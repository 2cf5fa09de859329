package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.identity.Caller;
import io.modelgate.policy.Credential;
import io.modelgate.policy.Model;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.binding.PolicyJson;
import io.quarkus.qute.TemplateInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream credentials as operators see them: kind, where each secret lives (a reference, or "sealed"), and a
 * "test" button ({@link UiCredentialTestResource}) — never a token or a secret. One form creates or edits a
 * credential, see {@link CredentialForm}; its secrets are write-only ({@link SecretField}).
 */
public final class CredentialPages extends ObjectPages<CredentialForm> {

    /** A credential's line on the page. */
    public record Row(String name, String type, List<String> details, String secrets) {
    }

    /** The outcome of a credential's test, shown above the list. */
    public record Tested(String name, String message, boolean ok) {
    }

    private static final List<String> TYPES = List.of("api_key", "oauth2_client_credentials", "oauth2_token_exchange", "azure_ad", "custom");

    private static final KindNames NAMES = new KindNames(PolicyKind.CREDENTIALS, "credential", "Upstream credentials",
            "New upstream credential", "Name", "deployments refer to it as litellm_credential_name");

    public CredentialPages() {
        super(NAMES, CredentialForm::empty, CredentialForm::of, CredentialForm::submitted,
                (credential, stored) -> new FormBody(credential.body(stored), CredentialForm::fieldOf));
    }

    @Override
    TemplateInstance list(Caller operator, ListPage page, PolicyDocument document) {
        return list(operator, page, document, null);
    }

    /** The list with the outcome of a test ({@code tested}), if there was one. */
    TemplateInstance list(Caller operator, ListPage page, PolicyDocument document, Tested tested) {
        return UiTemplates.credentials(operator, NAMES.path(), page, document.credentials().stream().map(CredentialPages::row).toList(),
                tested);
    }

    @Override
    TemplateInstance form(Caller operator, FormPage page, CredentialForm form, PolicyDocument document) {
        return UiTemplates.credentialForm(operator, NAMES.path(), page, form, TYPES, CredentialForm.FIELDS);
    }

    @Override
    String deleteConsequence(PolicyDocument document, String name) {
        List<String> users = document.models().stream()
                .filter(m -> m.deployments().stream().anyMatch(d -> name.equals(d.litellmCredentialName()))).map(Model::modelName).toList();
        return users.isEmpty() ? "No model uses it."
                : "Models using it: " + String.join(", ", users) + ". It cannot be deleted while they do; change their deployments first.";
    }

    /** The credential's settings without its secrets, which are described by where they live. */
    static Row row(Credential credential) {
        JsonNode values = PolicyJson.tree(credential).path("credential_values");
        List<String> details = new ArrayList<>();
        StringBuilder secrets = new StringBuilder();
        values.fields().forEachRemaining(field -> {
            String key = field.getKey();
            String value = field.getValue().isContainerNode() ? field.getValue().toString() : field.getValue().asText();
            if (key.equals("type")) {
                return;
            }
            if (CredentialForm.SECRETS.contains(key)) {
                secrets.append(key).append(": ").append(SecretField.describe(Optional.of(value))).append(' ');
            } else {
                details.add(key + ": " + value);
            }
        });
        return new Row(credential.credentialName(), credential.credentialValues().type(), details,
                secrets.length() == 0 ? "none" : secrets.toString().trim());
    }
}
