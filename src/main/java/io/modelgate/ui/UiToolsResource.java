package io.modelgate.ui;

import io.modelgate.access.BuiltInRoles;
import io.modelgate.control.AccessExplainer;
import io.modelgate.control.Actor;
import io.modelgate.control.AuditEvent;
import io.modelgate.control.PolicyService;
import io.modelgate.identity.Caller;
import io.modelgate.litellm.LiteLlmFormat;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.secret.SecretBox;
import io.modelgate.secret.SecretRules;
import io.quarkus.oidc.Tenant;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Operator UI pages that look at the policy rather than edit one object: audit log, explain access, import/export. */
@Path("/admin")
@Tenant("ui")
@RolesAllowed(BuiltInRoles.PROXY_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class UiToolsResource {

    private final SecurityIdentity identity;
    private final AccessExplainer explainer;
    private final PolicyService service;
    private final LiteLlmFormat format;
    private final SecretRules secrets;

    UiToolsResource(SecurityIdentity identity, AccessExplainer explainer, PolicyService service, LiteLlmFormat format,
            SecretBox box) {
        this.identity = identity;
        this.explainer = explainer;
        this.service = service;
        this.format = format;
        this.secrets = new SecretRules(box);
    }

    @GET
    @Path("audit")
    public Response audit(@QueryParam("entity_type") String entityType, @QueryParam("actor") String actor,
            @QueryParam("since") String since, @QueryParam("before_id") Long beforeId) {
        String problem = null;
        Instant from = null;
        try {
            from = blank(since) ? null : Instant.parse(since.trim());
        } catch (DateTimeParseException e) {
            problem = "'Since' must be an instant such as 2026-11-23T10:15:30Z.";
        }
        List<AuditEvent> events = AuditEvent.list(new AuditEvent.Filter(blank(entityType) ? null : entityType,
                null, blank(actor) ? null : actor.trim(), from, null, beforeId, 50));
        return Response.status(problem == null ? 200 : 400).entity(UiTemplates.audit(Operator.of(identity), "audit", events, entityType,
                actor, since, problem, events.size() == 50 ? events.get(49).id : null)).build();
    }

    @GET
    @Path("explain")
    public Response explain(@QueryParam("roles") String roles, @QueryParam("model") String model, @QueryParam("tool") String tool) {
        AccessExplainer.Explanation explanation = null;
        if (roles != null) {
            Set<String> idpRoles = new LinkedHashSet<>(Arrays.stream(roles.split("[,\\s]+")).filter(r -> !r.isBlank()).toList());
            explanation = explainer.forRoles(idpRoles, Optional.ofNullable(model), Optional.ofNullable(tool));
        }
        return Response.ok(explainView(roles, model, tool, explanation, null)).build();
    }

    @POST
    @Path("explain")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response explainToken(@FormParam("token") String token, @FormParam("model") String model, @FormParam("tool") String tool) {
        try {
            return Response.ok(explainView(null, model, tool, explainer.forToken(token == null ? "" : token, Optional.ofNullable(model),
                    Optional.ofNullable(tool)), null)).build();
        } catch (PolicyValidationException e) {
            return Response.status(400).entity(explainView(null, model, tool, null, e.problems().get(0).message())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.status(503).build();
        }
    }

    @GET
    @Path("transfer")
    public Response transfer() {
        return Response.ok(transferPage(null, null, List.of())).build();
    }

    @GET
    @Path("transfer/policy.yaml")
    @Produces("application/yaml")
    public Response download() {
        return Response.ok(LiteLlmFormat.write(service.current()))
                .header("Content-Disposition", "attachment; filename=\"modelgate-policy.yaml\"").build();
    }

    @POST
    @Path("transfer")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response importPolicy(@FormParam("yaml") String yaml, @FormParam("apply") String apply) {
        boolean dryRun = !"yes".equals(apply);
        Caller operator = Operator.of(identity);
        try {
            PolicyService.ImportOutcome outcome = service.importPolicy(Actor.of(operator), format.read(yaml, secrets), dryRun);
            return Response.ok(transferPage(dryRun ? yaml : null, outcome, List.of())).build();
        } catch (PolicyValidationException e) {
            return Response.status(400).entity(transferPage(yaml, null, e.problems())).build();
        }
    }

    private TemplateInstance transferPage(String yaml, PolicyService.ImportOutcome result, List<PolicyValidationException.Problem> problems) {
        return UiTemplates.transfer(Operator.of(identity), "transfer", LiteLlmFormat.write(service.current()), yaml, result, problems);
    }

    private TemplateInstance explainView(String roles, String model, String tool, AccessExplainer.Explanation explanation, String error) {
        return UiTemplates.explain(Operator.of(identity), "explain", roles, model, tool, explanation, error);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
