package io.modelgate.ui;

import io.modelgate.catalog.ActivePolicy;
import io.modelgate.catalog.PolicyDocument;
import io.modelgate.catalog.PolicySnapshot;
import io.modelgate.catalog.PolicyValidationException;
import io.modelgate.control.AuditLog;
import io.modelgate.control.PolicyConflictException;
import io.modelgate.control.PolicyService;
import io.quarkus.oidc.Tenant;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator UI: server-rendered pages behind the OIDC authorization code flow of tenant {@code ui},
 * open to {@code proxy_admin} only. Every change goes through {@link PolicyService}, like the admin API's;
 * forms carry a CSRF token (checked by Quarkus REST CSRF) and the entity tags they were rendered with.
 */
@Path("/admin")
@Tenant("ui")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiResource {

    private final SecurityIdentity identity;
    private final UiGate gate;
    private final ActivePolicy activePolicy;
    private final PolicyService service;
    private final AuditLog audit;
    private final Template overview;
    private final Template permissions;

    UiResource(SecurityIdentity identity, UiGate gate, ActivePolicy activePolicy, PolicyService service, AuditLog audit,
            @Location("admin/overview.html") Template overview, @Location("admin/permissions.html") Template permissions) {
        this.identity = identity;
        this.gate = gate;
        this.activePolicy = activePolicy;
        this.service = service;
        this.audit = audit;
        this.overview = overview;
        this.permissions = permissions;
    }

    @GET
    public Response overview() {
        return gate.admit(identity, operator -> {
            PolicySnapshot snapshot = activePolicy.snapshot();
            PolicyDocument document = service.current();
            List<AuditLog.Event> recent = audit.list(new AuditLog.Filter(null, null, null, null, null, null, 10));
            return Response.ok(UiGate.page(overview, operator, "overview")
                    .data("snapshot", snapshot)
                    .data("document", document)
                    .data("recent", recent)).build();
        });
    }

    @GET
    @Path("permissions")
    public Response permissions() {
        return gate.admit(identity, operator -> Response.ok(matrixPage(operator, PermissionMatrix.of(service.current()), null, null)).build());
    }

    @POST
    @Path("permissions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response savePermissions(MultivaluedMap<String, String> form) {
        return gate.admit(identity, operator -> savePermissions(operator, form));
    }

    private Response savePermissions(UiOperator operator, MultivaluedMap<String, String> form) {
        Set<String> ticked = new LinkedHashSet<>(form.getOrDefault("grant", List.of()));
        Map<String, String> etags = new HashMap<>();
        form.forEach((name, values) -> {
            if (name.startsWith("etag.") && !values.isEmpty()) {
                etags.put(name.substring("etag.".length()), values.get(0));
            }
        });
        PolicyDocument current = service.current();
        try {
            int changed = service.applyAll(operator.actor(), PermissionMatrix.changes(current, ticked, etags)).size();
            return Response.ok(matrixPage(operator, PermissionMatrix.of(service.current()),
                    changed == 0 ? "Nothing to save: the grants are as shown." : "Saved: " + changed + " role(s) changed.", null)).build();
        } catch (PolicyConflictException e) {
            // someone else saved first: show their state is newer, keep this operator's ticks on screen
            return Response.status(409).entity(matrixPage(operator, PermissionMatrix.of(current, ticked), null,
                    e.getMessage() + " Nothing was saved; your selection is still shown. Reload the page to see the current grants."))
                    .build();
        } catch (PolicyValidationException e) {
            return Response.status(400).entity(matrixPage(operator, PermissionMatrix.of(current, ticked), null,
                    "Not saved: " + e.getMessage())).build();
        }
    }

    /**
     * Sign-out: Quarkus OIDC answers this path itself (RP-initiated logout at the IdP, then back to
     * /admin) once the tenant is known — which this method's presence under @Tenant("ui") makes it.
     */
    @GET
    @Path("logout")
    public Response logout() {
        return Response.seeOther(java.net.URI.create("/admin")).build();
    }

    private TemplateInstance matrixPage(UiOperator operator, PermissionMatrix matrix, String notice, String error) {
        return UiGate.page(permissions, operator, "permissions").data("matrix", matrix).data("notice", notice).data("error", error);
    }
}
