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

    /*
     * The pages of the kinds UiObjectsResource serves: each kind's list fills admin/object-list.html with its table, each
     * kind's form fills admin/object-form.html with its fields; the frames show what ListPage and FormPage hold.
     */

    static native TemplateInstance models(Caller operator, String section, ListPage page, List<Model> models, PermissionMatrix matrix,
            boolean enforceRbac);

    static native TemplateInstance modelForm(Caller operator, String section, FormPage page, ModelForm model,
            List<ModelPages.ProviderOption> providers, List<String> credentials);

    static native TemplateInstance credentials(Caller operator, String section, ListPage page, List<CredentialPages.Row> rows,
            CredentialPages.Tested tested);

    static native TemplateInstance credentialForm(Caller operator, String section, FormPage page, CredentialForm credential,
            List<String> types, List<CredentialForm.Field> fields);

    static native TemplateInstance limits(Caller operator, String section, ListPage page, List<LimitPages.Row> limits);

    static native TemplateInstance mcpServers(Caller operator, String section, ListPage page, List<McpServerPages.Row> rows,
            McpServerPages.Tested tested);

    static native TemplateInstance mcpServerForm(Caller operator, String section, FormPage page, McpServerForm server, List<String> transports,
            List<String> credentials);

    static native TemplateInstance limitForm(Caller operator, String section, FormPage page, LimitForm limit, List<String> roles,
            List<String> periods);

    static native TemplateInstance confirmDelete(Caller operator, String section, KindNames kind, String name, String etag,
            String consequence, String error);

    static native TemplateInstance access(Caller operator, String section, UiAccessResource.SettingsInput settings, String settingsEtag,
            List<UiAccessResource.MappingRow> mappings, Set<String> roles, String notice, String error, Map<String, String> fieldErrors);

    static native TemplateInstance audit(Caller operator, String section, List<AuditEvent> events, String entityType, String actor,
            String since, String error, Long nextBeforeId);

    static native TemplateInstance explain(Caller operator, String section, String roles, String model, String tool,
            AccessExplainer.Explanation explanation, String error);

    static native TemplateInstance transfer(Caller operator, String section, String export, String yaml,
            PolicyService.ImportOutcome result, List<PolicyValidationException.Problem> problems);

    static native TemplateInstance usage(Caller operator, String section, UiUsageResource.Filters filters, UsageChart chart,
            List<UiUsageResource.TopCaller> top, List<UiUsageResource.Refusal> refusals, List<UiUsageResource.ToolLine> tools,
            List<BudgetSpending.Row> budgets);

    /** For someone signed in who is not a proxy_admin. */
    static native TemplateInstance denied(Caller operator);
}
