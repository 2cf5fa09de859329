package io.modelgate.ui;

import io.modelgate.control.AccessExplainer;
import io.modelgate.control.AuditEvent;
import io.modelgate.control.PolicyService;
import io.modelgate.identity.Caller;
import io.modelgate.policy.Model;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.snapshot.PolicySnapshot;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every page of the operator UI and the data it shows, one method per template under {@code ui-templates/admin/}
 * ({@code modelForm} is {@code model-form.html}). The templates are checked against these types when the
 * application is built: an expression naming a property that does not exist fails the build. Every page gets the
 * operator signed in and its section of the navigation.
 */
@CheckedTemplate(basePath = "admin", defaultName = CheckedTemplate.HYPHENATED_ELEMENT_NAME)
final class UiTemplates {

    private UiTemplates() {
    }

    static native TemplateInstance overview(Caller operator, String section, PolicySnapshot snapshot, PolicyDocument document,
            List<AuditEvent> recent, BudgetSpending.Month month, List<BudgetSpending.Row> budgets);

    static native TemplateInstance permissions(Caller operator, String section, PermissionMatrix matrix, String notice, String error);

    static native TemplateInstance models(Caller operator, String section, List<Model> models, PermissionMatrix matrix,
            boolean enforceRbac, String notice, String error);

    static native TemplateInstance modelForm(Caller operator, String section, boolean creating, String action, ModelForm model,
            String etag, List<UiModelsResource.Provider> providers, List<String> credentials, String error, Map<String, String> fieldErrors);

    static native TemplateInstance confirmDelete(Caller operator, String section, String what, String name, String etag, String action,
            String back, String consequence, String error);

    static native TemplateInstance credentials(Caller operator, String section, List<UiCredentialsResource.Row> rows, String tested,
            String notice, String error, String saved);

    static native TemplateInstance credentialForm(Caller operator, String section, boolean creating, String action,
            CredentialForm credential, String etag, List<String> types, List<CredentialForm.Field> fields, String error,
            Map<String, String> fieldErrors);

    static native TemplateInstance limits(Caller operator, String section, List<UiLimitsResource.Row> limits, String notice, String error);

    static native TemplateInstance limitForm(Caller operator, String section, boolean creating, String action, LimitForm limit,
            String etag, List<String> roles, List<String> periods, String error, Map<String, String> fieldErrors);

    static native TemplateInstance access(Caller operator, String section, UiAccessResource.SettingsInput settings, String settingsEtag,
            List<UiAccessResource.MappingRow> mappings, Set<String> roles, String notice, String error, Map<String, String> fieldErrors);

    static native TemplateInstance audit(Caller operator, String section, List<AuditEvent> events, String entityType, String actor,
            String since, String error, Long nextBeforeId);

    static native TemplateInstance explain(Caller operator, String section, String roles, String model,
            AccessExplainer.Explanation explanation, String error);

    static native TemplateInstance transfer(Caller operator, String section, String export, String yaml,
            PolicyService.ImportOutcome result, List<PolicyValidationException.Problem> problems);

    static native TemplateInstance usage(Caller operator, String section, UiUsageResource.Filters filters, UsageChart chart,
            List<UiUsageResource.TopCaller> top, List<BudgetSpending.Row> budgets);

    /** For someone signed in who is not a proxy_admin. */
    static native TemplateInstance denied(Caller operator);
}
