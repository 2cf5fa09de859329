package io.modelgate.ui;

import io.modelgate.catalog.LiteLlmConfig;
import io.modelgate.catalog.LiteLlmConfigWriter;
import io.modelgate.catalog.PolicyValidationException;
import io.modelgate.control.AccessExplainer;
import io.modelgate.control.AuditLog;
import io.modelgate.control.PolicyService;
import io.modelgate.secret.SecretBox;
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
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiToolsResource {

    private final SecurityIdentity identity;
    private final UiGate gate;
    private final AuditLog audit;
    private final AccessExplainer explainer;
    private final PolicyService service;
    private final SecretBox secrets;
    private final Template auditPage;
    private final Template explainPage;
    private final Template transferPage;

    UiToolsResource(SecurityIdentity identity, UiGate gate, AuditLog audit, AccessExplainer explainer, PolicyService service,
            SecretBox secrets, @Location("admin/audit.html") Template auditPage, @Location("admin/explain.html") Template explainPage,
            @Location("admin/transfer.html") Template transferPage) {
        this.identity = identity;
        this.gate = gate;
        this.audit = audit;
        this.explainer = explainer;
        this.service = service;
        this.secrets = secrets;
        this.auditPage = auditPage;
        this.explainPage = explainPage;
        this.transferPage = transferPage;
    }

    @GET
    @Path("audit")
    public Response audit(@QueryParam("entity_type") String entityType, @QueryParam("actor") String actor,
            @QueryParam("since") String since, @QueryParam("before_id") Long beforeId) {
        return gate.admit(identity, operator -> {
            String problem = null;
            Instant from = null;
            try {
                from = blank(since) ? null : Instant.parse(since.trim());
            } catch (DateTimeParseException e) {
                problem = "'Since' must be an instant such as 2026-11-23T10:15:30Z.";
            }
            List<AuditLog.Event> events = audit.list(new AuditLog.Filter(blank(entityType) ? null : entityType,
                    null, blank(actor) ? null : actor.trim(), from, null, beforeId, 50));
            return Response.status(problem == null ? 200 : 400).entity(UiGate.page(auditPage, operator, "audit")
                    .data("events", events).data("entityType", entityType).data("actor", actor).data("since", since)
                    .data("error", problem).data("nextBeforeId", events.size() == 50 ? events.get(49).id() : null)).build();
        });
    }

    @GET
    @Path("explain")
    public Response explain(@QueryParam("roles") String roles, @QueryParam("model") String model) {
        return gate.admit(identity, operator -> {
            AccessExplainer.Explanation explanation = null;
            if (roles != null) {
                Set<String> idpRoles = new LinkedHashSet<>(Arrays.stream(roles.split("[,\\s]+")).filter(r -> !r.isBlank()).toList());
                explanation = explainer.forRoles(idpRoles, Optional.ofNullable(model));
            }
            return Response.ok(explainView(operator, roles, model, explanation, null)).build();
        });
    }

    @POST
    @Path("explain")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response explainToken(@FormParam("token") String token, @FormParam("model") String model) {
        return gate.admit(identity, operator -> {
            try {
                return Response.ok(explainView(operator, null, model, explainer.forToken(token == null ? "" : token, Optional.ofNullable(model)), null))
                        .build();
            } catch (PolicyValidationException e) {
                return Response.status(400).entity(explainView(operator, null, model, null, e.problems().get(0).message())).build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Response.status(503).build();
            }
        });
    }

    @GET
    @Path("transfer")
    public Response transfer() {
        return gate.admit(identity, operator -> Response.ok(UiGate.page(transferPage, operator, "transfer")
                .data("export", LiteLlmConfigWriter.toYaml(service.current())).data("yaml", null).data("result", null)
                .data("problems", List.of())).build());
    }

    @GET
    @Path("transfer/policy.yaml")
    @Produces("application/yaml")
    public Response download() {
        return gate.admit(identity, operator -> Response.ok(LiteLlmConfigWriter.toYaml(service.current()))
                .header("Content-Disposition", "attachment; filename=\"modelgate-policy.yaml\"").build());
    }

    @POST
    @Path("transfer")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response importPolicy(@FormParam("yaml") String yaml, @FormParam("apply") String apply) {
        return gate.admit(identity, operator -> {
            boolean dryRun = !"yes".equals(apply);
            try {
                PolicyService.ImportOutcome outcome = service.importPolicy(operator.actor(), LiteLlmConfig.parse(yaml == null ? "" : yaml, secrets), dryRun);
                return Response.ok(UiGate.page(transferPage, operator, "transfer").data("export", LiteLlmConfigWriter.toYaml(service.current()))
                        .data("yaml", dryRun ? yaml : null).data("result", outcome).data("problems", List.of())).build();
            } catch (PolicyValidationException e) {
                return Response.status(400).entity(UiGate.page(transferPage, operator, "transfer")
                        .data("export", LiteLlmConfigWriter.toYaml(service.current())).data("yaml", yaml).data("result", null)
                        .data("problems", e.problems())).build();
            }
        });
    }

    private io.quarkus.qute.TemplateInstance explainView(UiOperator operator, String roles, String model,
            AccessExplainer.Explanation explanation, String error) {
        return UiGate.page(explainPage, operator, "explain").data("roles", roles).data("model", model)
                .data("explanation", explanation).data("error", error);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
