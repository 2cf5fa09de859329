package io.modelgate.ui;

import io.modelgate.access.BuiltInRoles;
import io.modelgate.control.Actor;
import io.modelgate.control.AuditEvent;
import io.modelgate.control.PolicyConflictException;
import io.modelgate.control.PolicyService;
import io.modelgate.identity.Caller;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.snapshot.ActivePolicy;
import io.quarkus.oidc.Tenant;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator UI: server-rendered pages behind the OIDC authorization code flow of tenant {@code ui}, open to
 * {@code proxy_admin} only ({@code @RolesAllowed}; the gateway roles come from the sign-in's tokens, mapped by the
 * policy). Every change goes through {@link PolicyService}, like the admin API's; forms carry a CSRF token
 * (checked by Quarkus REST CSRF) and the entity tags they were rendered with.
 */
@Path("/admin")
@Tenant("ui")
@RolesAllowed(BuiltInRoles.PROXY_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class UiResource {

    private final SecurityIdentity identity;
    private final ActivePolicy activePolicy;
    private final PolicyService service;
    private final BudgetSpending spending;

    UiResource(SecurityIdentity identity, ActivePolicy activePolicy, PolicyService service, BudgetSpending spending) {
        this.identity = identity;
        this.activePolicy = activePolicy;
        this.service = service;
        this.spending = spending;
    }

    @GET
    public Response overview() {
        List<AuditEvent> recent = AuditEvent.list(new AuditEvent.Filter(null, null, null, null, null, null, 10));
        Instant now = Instant.now();
        return Response.ok(UiTemplates.overview(Operator.of(identity), "overview", activePolicy.snapshot(), service.current(), recent,
                spending.thisMonth(now), spending.all(now))).build();
    }

    @GET
    @Path("permissions")
    public Response permissions() {
        return Response.ok(matrixPage(PermissionMatrix.of(service.current()), null, null)).build();
    }

    @POST
    @Path("permissions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response savePermissions(MultivaluedMap<String, String> form) {
        Set<String> ticked = new LinkedHashSet<>(form.getOrDefault("grant", List.of()));
        Map<String, String> etags = new HashMap<>();
        Map<String, String> mcp = new HashMap<>();
        form.forEach((name, values) -> {
            if (name.startsWith("etag.") && !values.isEmpty()) {
                etags.put(name.substring("etag.".length()), values.get(0));
            }
            if (name.startsWith("mcp.") && !values.isEmpty()) {
                mcp.put(name.substring("mcp.".length()), values.get(0));
            }
        });
        PolicyDocument current = service.current();
        Caller operator = Operator.of(identity);
        try {
            int changed = service.applyAll(Actor.of(operator), PermissionMatrix.changes(current, ticked, mcp, etags)).size();
            return Response.ok(matrixPage(PermissionMatrix.of(service.current()),
                    changed == 0 ? "Nothing to save: the grants are as shown." : "Saved: " + changed + " role(s) changed.", null)).build();
        } catch (PolicyConflictException e) {
            // someone else saved first: show their state is newer, keep this operator's ticks on screen
            return Response.status(409).entity(matrixPage(PermissionMatrix.of(current, ticked, mcp), null,
                    e.getMessage() + " Nothing was saved; your selection is still shown. Reload the page to see the current grants."))
                    .build();
        } catch (PolicyValidationException e) {
            return Response.status(400).entity(matrixPage(PermissionMatrix.of(current, ticked, mcp), null, "Not saved: " + e.getMessage())).build();
        }
    }

    /**
     * Sign-out, for anyone signed in: Quarkus OIDC answers this path itself (RP-initiated logout at the IdP, then back
     * to /admin) once the tenant is known — which this method's presence under @Tenant("ui") makes it.
     */
    @GET
    @Path("logout")
    @Authenticated
    public Response logout() {
        return Response.seeOther(java.net.URI.create("/admin")).build();
    }

    private io.quarkus.qute.TemplateInstance matrixPage(PermissionMatrix matrix, String notice, String error) {
        return UiTemplates.permissions(Operator.of(identity), "permissions", matrix, notice, error);
    }
}
