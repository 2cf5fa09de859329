package io.modelgate.ui;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.catalog.LiteLlmConfig;
import io.modelgate.catalog.PolicyDocument;
import io.modelgate.control.ObjectViews;
import io.modelgate.control.PolicyCollection;
import io.modelgate.control.PolicyEdits;
import io.modelgate.control.PolicyObject;
import io.modelgate.control.PolicyService;
import io.modelgate.control.PolicyService.Action;
import io.modelgate.control.PolicyService.Change;
import io.quarkus.oidc.Tenant;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Who counts as which gateway role: the roles claim path(s), {@code user_allowed_roles}, {@code enforce_rbac},
 * and IdP role value → gateway role mappings. Each form carries the entity tag it was rendered with.
 */
@Path("/admin/access")
@Tenant("ui")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiAccessResource {

    private final SecurityIdentity identity;
    private final UiGate gate;
    private final PolicyService service;
    private final Template page;

    UiAccessResource(SecurityIdentity identity, UiGate gate, PolicyService service, @Location("admin/access.html") Template page) {
        this.identity = identity;
        this.gate = gate;
        this.service = service;
        this.page = page;
    }

    @GET
    public Response show() {
        return gate.admit(identity, operator -> render(operator, FormResult.shown(), storedSettings()));
    }

    @POST
    @Path("settings")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveSettings(@FormParam("claim_paths") String claimPaths, @FormParam("allowed_roles") String allowedRoles,
            @FormParam("enforce_rbac") String enforceRbac, @FormParam("etag") String etag) {
        return gate.admit(identity, operator -> {
            ObjectNode settings = JsonNodeFactory.instance.objectNode();
            list(claimPaths).forEach(settings.withArray("user_roles_jwt_field")::add);
            list(allowedRoles).forEach(settings.withArray("user_allowed_roles")::add);
            settings.put("enforce_rbac", enforceRbac != null);
            FormResult saved = save(operator, () -> new Change(PolicyObject.SETTINGS, "settings", Action.UPDATE, Optional.ofNullable(etag),
                    PolicyEdits.putSettings(LiteLlmConfig.parseSettings(settings))), "Access settings saved.");
            // when refused, what the operator typed stays on screen next to the message
            return render(operator, saved, saved.saved() ? storedSettings() : new SettingsInput(claimPaths, allowedRoles, enforceRbac != null));
        });
    }

    @POST
    @Path("mappings")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addMapping(@FormParam("idp_role") String idpRole, @FormParam("gateway_role") String gatewayRole) {
        return gate.admit(identity, operator -> {
            String value = idpRole == null ? "" : idpRole.trim();
            if (value.isEmpty()) {
                return render(operator, FormResult.refused(Map.of("idp_role", "Give the role value as the identity provider sends it.")),
                        storedSettings());
            }
            return render(operator, save(operator, () -> {
                boolean exists = ObjectViews.mappingsByIdpRole(service.current()).containsKey(value);
                // the roles are read again inside the edit, under the policy lock, so a concurrent addition is kept
                return new Change(PolicyObject.ROLE_MAPPING, value, exists ? Action.UPDATE : Action.CREATE, Optional.empty(), doc -> {
                    Set<String> roles = new LinkedHashSet<>(ObjectViews.mappingsByIdpRole(doc).getOrDefault(value, Set.of()));
                    roles.add(gatewayRole == null ? "" : gatewayRole);
                    ObjectNode body = JsonNodeFactory.instance.objectNode().put("idp_role", value);
                    roles.forEach(body.withArray("gateway_roles")::add);
                    return PolicyCollection.ROLE_MAPPINGS.put(body, value, null).apply(doc);
                });
            }, "Mapping added: " + value + " → " + gatewayRole + "."), storedSettings());
        });
    }

    @POST
    @Path("mappings/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response removeMapping(@FormParam("idp_role") String idpRole, @FormParam("etag") String etag) {
        return gate.admit(identity, operator -> render(operator, save(operator, () -> new Change(PolicyObject.ROLE_MAPPING, idpRole,
                Action.DELETE, Optional.ofNullable(etag), PolicyEdits.putMapping(idpRole, Set.of())), "Mapping of " + idpRole + " removed."),
                storedSettings()));
    }

    private FormResult save(UiOperator operator, Supplier<Change> change, String done) {
        return FormResult.apply(service, operator.actor(), change, done, field -> Optional.of(fieldOf(field)));
    }

    /** Problems name LiteLLM fields; the form's fields are named for people. */
    private static String fieldOf(String problemField) {
        if (problemField.startsWith("user_roles_jwt_field")) {
            return "claim_paths";
        }
        if (problemField.startsWith("user_allowed_roles")) {
            return "allowed_roles";
        }
        return problemField.startsWith("gateway_role") ? "gateway_role" : problemField;
    }

    /** The settings form as submitted, re-shown when it could not be saved. */
    public record SettingsInput(String claimPaths, String allowedRoles, boolean enforceRbac) {
    }

    private SettingsInput storedSettings() {
        PolicyDocument.Settings stored = service.current().settings();
        return new SettingsInput(String.join("\n", stored.roleClaimPaths()), String.join(", ", stored.userAllowedRoles()), stored.enforceRbac());
    }

    private Response render(UiOperator operator, FormResult saved, SettingsInput settingsInput) {
        PolicyDocument document = service.current();
        Set<String> roles = document.gatewayRoleNames();
        List<MappingRow> mappings = ObjectViews.mappingsByIdpRole(document).entrySet().stream()
                .map(e -> new MappingRow(e.getKey(), List.copyOf(e.getValue()),
                        ObjectViews.etag(ObjectViews.mapping(e.getKey(), e.getValue())))).toList();
        return Response.status(saved.status()).entity(UiGate.page(page, operator, "access")
                .data("settings", settingsInput)
                .data("settingsEtag", ObjectViews.find(document, PolicyObject.SETTINGS, "settings").map(ObjectViews::etag).orElse(""))
                .data("mappings", mappings).data("roles", roles)
                .data("notice", saved.notice()).data("error", saved.error()).data("fieldErrors", saved.fieldErrors())).build();
    }

    /** One IdP value and the gateway roles it grants. */
    public record MappingRow(String idpRole, List<String> gatewayRoles, String etag) {
    }

    private static List<String> list(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[,\\n]")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
