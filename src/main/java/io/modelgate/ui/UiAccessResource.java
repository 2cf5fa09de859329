package io.modelgate.ui;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.access.BuiltInRoles;
import io.modelgate.control.Actor;
import io.modelgate.control.ObjectBodies;
import io.modelgate.control.PolicyEdits;
import io.modelgate.control.PolicyService;
import io.modelgate.control.PolicyService.Action;
import io.modelgate.control.PolicyService.Change;
import io.modelgate.identity.Caller;
import io.modelgate.policy.JwtAuthSettings;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.binding.PolicyJson;
import io.quarkus.oidc.Tenant;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Arrays;
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
@RolesAllowed(BuiltInRoles.PROXY_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class UiAccessResource {

    /** The settings form as submitted, re-shown when it could not be saved. */
    public record SettingsInput(String claimPaths, String allowedRoles, boolean enforceRbac) {
    }

    /** One IdP value and the gateway roles it grants. */
    public record MappingRow(String idpRole, List<String> gatewayRoles, String etag) {
    }

    private final SecurityIdentity identity;
    private final PolicyService service;
    private final ObjectBodies bodies;

    UiAccessResource(SecurityIdentity identity, PolicyService service, ObjectBodies bodies) {
        this.identity = identity;
        this.service = service;
        this.bodies = bodies;
    }

    @GET
    public Response show() {
        return render(Operator.of(identity), FormResult.shown(), storedSettings());
    }

    @POST
    @Path("settings")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveSettings(@FormParam("claim_paths") String claimPaths, @FormParam("allowed_roles") String allowedRoles,
            @FormParam("enforce_rbac") String enforceRbac, @FormParam("etag") String etag) {
        Caller operator = Operator.of(identity);
        ObjectNode settings = JsonNodeFactory.instance.objectNode();
        list(claimPaths).forEach(settings.withArray("user_roles_jwt_field")::add);
        list(allowedRoles).forEach(settings.withArray("user_allowed_roles")::add);
        settings.put("enforce_rbac", enforceRbac != null);
        FormResult saved = save(operator, () -> new Change<>(PolicyKind.SETTINGS, "settings", Action.UPDATE, Optional.ofNullable(etag),
                PolicyEdits.putSettings(bodies.read(PolicyKind.SETTINGS, settings, "settings"))), "Access settings saved.");
        // when refused, what the operator typed stays on screen next to the message
        return render(operator, saved, saved.saved() ? storedSettings() : new SettingsInput(claimPaths, allowedRoles, enforceRbac != null));
    }

    @POST
    @Path("mappings")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addMapping(@FormParam("idp_role") String idpRole, @FormParam("gateway_role") String gatewayRole) {
        Caller operator = Operator.of(identity);
        String value = idpRole == null ? "" : idpRole.trim();
        if (value.isEmpty()) {
            return render(operator, FormResult.refused(Map.of("idp_role", "Give the role value as the identity provider sends it.")),
                    storedSettings());
        }
        boolean exists = PolicyKind.ROLE_MAPPINGS.find(service.current(), value).isPresent();
        // the roles are read again inside the edit, under the policy lock, so a concurrent addition is kept
        return render(operator, save(operator, () -> new Change<>(PolicyKind.ROLE_MAPPINGS, value, exists ? Action.UPDATE : Action.CREATE,
                Optional.empty(), PolicyEdits.addMapping(value, gatewayRole)), "Mapping added: " + value + " → " + gatewayRole + "."),
                storedSettings());
    }

    @POST
    @Path("mappings/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response removeMapping(@FormParam("idp_role") String idpRole, @FormParam("etag") String etag) {
        Caller operator = Operator.of(identity);
        return render(operator, save(operator, () -> new Change<>(PolicyKind.ROLE_MAPPINGS, idpRole, Action.DELETE, Optional.ofNullable(etag),
                PolicyEdits.putMapping(idpRole, Set.of())), "Mapping of " + idpRole + " removed."), storedSettings());
    }

    private FormResult save(Caller operator, Supplier<Change<?>> change, String done) {
        return FormResult.apply(service, Actor.of(operator), change, done, field -> Optional.of(fieldOf(field)));
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

    private SettingsInput storedSettings() {
        JwtAuthSettings stored = service.current().settings();
        return new SettingsInput(String.join("\n", stored.userRolesJwtField()), String.join(", ", stored.userAllowedRoles()),
                stored.enforceRbac());
    }

    private Response render(Caller operator, FormResult saved, SettingsInput settingsInput) {
        PolicyDocument document = service.current();
        List<MappingRow> mappings = document.roleMappings().stream()
                .map(m -> new MappingRow(m.idpRole(), m.gatewayRoles(), PolicyJson.etag(m))).toList();
        return Response.status(saved.status()).entity(UiTemplates.access(operator, "access", settingsInput,
                PolicyJson.etag(document.settings()), mappings, document.gatewayRoleNames(), saved.notice(), saved.error(),
                saved.fieldErrors())).build();
    }

    private static List<String> list(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[,\\n]")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
