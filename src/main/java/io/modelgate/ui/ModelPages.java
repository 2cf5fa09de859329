package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.identity.Caller;
import io.modelgate.policy.Credential;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.Provider;
import io.quarkus.qute.TemplateInstance;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Models and their deployments: a list with who may use each, and one form to create or edit a model with its
 * deployments (upstream kind, base URL, upstream model, credential, weight, write-only key, other parameters), see
 * {@link ModelForm}. Model names travel as query parameters because they may contain slashes.
 */
public final class ModelPages extends ObjectPages<ModelForm> {

    /** A provider as the form offers it. */
    public record ProviderOption(String value, String label) {
    }

    static final List<ProviderOption> PROVIDERS = Arrays.stream(Provider.values())
            .map(provider -> new ProviderOption(provider.prefix(), provider.label())).toList();

    private static final KindNames NAMES = new KindNames(PolicyKind.MODELS, "model", "Models", "New model", "Name callers ask for",
            "model_name");

    public ModelPages() {
        super(NAMES, ModelForm::empty, ModelForm::of, ModelForm::submitted, ModelPages::bodyOf);
    }

    /** The body; its deployments skip the form's empty and removed rows, so a problem's deployment is mapped back to its row. */
    static FormBody bodyOf(ModelForm form, Optional<JsonNode> stored) {
        ModelForm.Body body = form.body(stored);
        return new FormBody(body.json(), field -> ModelForm.fieldOf(field, body.rowOfDeployment()));
    }

    /** "Add another deployment": the form again with one more row; nothing is saved yet. */
    @Override
    Optional<ModelForm> reshown(ModelForm form, Map<String, List<String>> submitted) {
        return FormFields.first(submitted, "more") == null ? Optional.empty() : Optional.of(form.withSpareRow());
    }

    @Override
    TemplateInstance list(Caller operator, ListPage page, PolicyDocument document) {
        return UiTemplates.models(operator, NAMES.path(), page, document.models(), PermissionMatrix.of(document),
                document.settings().enforceRbac());
    }

    @Override
    TemplateInstance form(Caller operator, FormPage page, ModelForm form, PolicyDocument document) {
        return UiTemplates.modelForm(operator, NAMES.path(), page, form, PROVIDERS,
                document.credentials().stream().map(Credential::credentialName).toList());
    }

    @Override
    String deleteConsequence(PolicyDocument document, String name) {
        List<String> roles = PermissionMatrix.of(document).rolesFor(name);
        return roles.isEmpty() ? "No role may use it now." : "Callers of these roles lose access to it: " + String.join(", ", roles)
                + ". Grants naming it exactly are removed; wildcard and tag rules stay.";
    }
}
