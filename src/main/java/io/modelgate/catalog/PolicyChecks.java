package io.modelgate.catalog;

import io.modelgate.access.ModelPattern;
import io.modelgate.catalog.PolicyDocument.DeploymentSpec;
import io.modelgate.catalog.PolicyDocument.ModelSpec;
import io.modelgate.catalog.PolicyDocument.PermissionSpec;
import io.modelgate.catalog.PolicyValidationException.Problem;
import io.modelgate.upstream.credential.UpstreamCredential;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rules that concern a policy as a whole rather than one field, checked on every write (bootstrap,
 * import, each admin change) so that whatever is stored can be exported and imported again unchanged.
 */
public final class PolicyChecks {

    private PolicyChecks() {
    }

    /** Throws {@link PolicyValidationException} listing every rule the document breaks. */
    public static void check(PolicyDocument document) {
        List<Problem> problems = new ArrayList<>();
        Set<String> roles = document.gatewayRoleNames();
        Set<String> credentials = new HashSet<>();
        for (UpstreamCredential credential : document.credentials()) {
            if (!credentials.add(credential.name())) {
                problems.add(new Problem("credential_list", "credential '" + credential.name() + "' is declared twice"));
            }
        }
        Set<String> modelNames = new HashSet<>();
        for (ModelSpec model : document.models()) {
            if (!modelNames.add(model.name())) {
                problems.add(new Problem("model_list", "model '" + model.name() + "' is declared twice"));
            }
            Set<DeploymentSpec> deployments = new HashSet<>();
            for (DeploymentSpec deployment : model.deployments()) {
                if (!deployments.add(deployment)) {
                    problems.add(new Problem("model_list", "model '" + model.name() + "' lists the same deployment ("
                            + deployment.kind().prefix() + "/" + deployment.upstreamModel() + ") twice"));
                }
                if (deployment.credentialName() != null && !credentials.contains(deployment.credentialName())) {
                    problems.add(new Problem("model_list", "model '" + model.name() + "' uses credential '"
                            + deployment.credentialName() + "', which does not exist"));
                }
            }
        }
        document.mappings().stream().filter(m -> !roles.contains(m.gatewayRole())).forEach(m -> problems.add(
                new Problem("modelgate.role_mappings", "'" + m.idpValue() + "' maps to unknown gateway role '" + m.gatewayRole() + "'")));
        for (PermissionSpec permission : document.permissions()) {
            if (!roles.contains(permission.role())) {
                problems.add(new Problem("role_permissions", "unknown gateway role '" + permission.role() + "'"));
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyValidationException(problems);
        }
    }

    /**
     * Refuses grants a change adds that match no model (most likely a typo). Grants the policy already
     * had are left alone: a LiteLLM file may grant models yet to come, and exporting and importing a
     * policy must give it back unchanged.
     */
    public static void checkNewGrants(PolicyDocument before, PolicyDocument after) {
        Set<List<String>> existing = new HashSet<>();
        before.permissions().forEach(p -> p.models().forEach(pattern -> existing.add(List.of(p.role(), pattern))));
        List<Problem> problems = new ArrayList<>();
        for (PermissionSpec permission : after.permissions()) {
            for (String pattern : new LinkedHashSet<>(permission.models())) {
                if (!"*".equals(pattern) && !existing.contains(List.of(permission.role(), pattern))
                        && matchesNothing(ModelPattern.parse(pattern), after.models())) {
                    problems.add(new Problem("role_permissions", "'" + pattern + "' of role '" + permission.role()
                            + "' matches no model (check the spelling, or add the model first)"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyValidationException(problems);
        }
    }

    private static boolean matchesNothing(ModelPattern pattern, List<ModelSpec> models) {
        return models.stream().noneMatch(m -> pattern.matches(m.name(), Set.copyOf(m.tags())));
    }
}
