package io.modelgate.ui;

import io.modelgate.access.AccessDecision;
import io.modelgate.catalog.PolicyDocument;
import io.modelgate.catalog.PolicySnapshot;
import io.modelgate.catalog.PolicyValidationException;
import io.modelgate.control.AccessExplainer;
import io.modelgate.control.AuditLog;
import io.modelgate.control.PolicyDiff;
import io.modelgate.control.PolicyObject;
import io.modelgate.control.PolicyService;
import io.modelgate.upstream.UpstreamKind;
import io.quarkus.qute.TemplateData;

import java.time.Instant;
import java.util.Optional;

/**
 * Every type the operator UI's templates read properties of. Qute generates their value resolvers at build
 * time, so the pages render without reflection — which a native executable does not have for them.
 */
@TemplateData(target = UiOperator.class)
@TemplateData(target = PermissionMatrix.class)
@TemplateData(target = PermissionMatrix.Row.class)
@TemplateData(target = PermissionMatrix.Cell.class)
@TemplateData(target = ModelForm.class)
@TemplateData(target = ModelForm.Row.class)
@TemplateData(target = CredentialForm.class)
@TemplateData(target = CredentialForm.Field.class)
@TemplateData(target = UiModelsResource.Provider.class)
@TemplateData(target = UiCredentialsResource.Row.class)
@TemplateData(target = UiAccessResource.SettingsInput.class)
@TemplateData(target = UiAccessResource.MappingRow.class)
@TemplateData(target = PolicySnapshot.class)
@TemplateData(target = PolicyDocument.class)
@TemplateData(target = PolicyDocument.Settings.class)
@TemplateData(target = PolicyDocument.ModelSpec.class)
@TemplateData(target = PolicyDocument.DeploymentSpec.class)
@TemplateData(target = PolicyValidationException.Problem.class)
@TemplateData(target = UpstreamKind.class)
@TemplateData(target = AuditLog.Event.class)
@TemplateData(target = AccessExplainer.Explanation.class)
@TemplateData(target = AccessDecision.class)
@TemplateData(target = PolicyService.ImportOutcome.class)
@TemplateData(target = PolicyDiff.Entry.class)
@TemplateData(target = PolicyDiff.Change.class)
@TemplateData(target = PolicyObject.class)
@TemplateData(target = Optional.class)
@TemplateData(target = Instant.class)
@TemplateData(target = String.class)
final class TemplateTypes {

    private TemplateTypes() {
    }
}
