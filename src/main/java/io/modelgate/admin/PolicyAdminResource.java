package io.modelgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.catalog.LiteLlmConfig;
import io.modelgate.catalog.LiteLlmConfigWriter;
import io.modelgate.catalog.PolicyValidationException;
import io.modelgate.control.AccessExplainer;
import io.modelgate.control.AuditLog;
import io.modelgate.control.ObjectViews;
import io.modelgate.control.PolicyDiff;
import io.modelgate.control.PolicyEdits;
import io.modelgate.control.PolicyObject;
import io.modelgate.control.PolicyService;
import io.modelgate.control.PolicyService.Action;
import io.modelgate.control.PolicyService.Change;
import io.modelgate.secret.SecretBox;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Access settings, the audit log, LiteLLM import/export and "explain access". */
@Path(AdminAccess.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policy")
public class PolicyAdminResource {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String YAML = "application/yaml";

    private final PolicyService service;
    private final AuditLog audit;
    private final AccessExplainer explainer;
    private final SecretBox secrets;

    PolicyAdminResource(PolicyService service, AuditLog audit, AccessExplainer explainer, SecretBox secrets) {
        this.secrets = secrets;
        this.service = service;
        this.audit = audit;
        this.explainer = explainer;
    }

    @GET
    @Path("settings")
    @Operation(summary = "The roles claim path(s), user_allowed_roles and enforce_rbac")
    public Response settings() {
        ObjectNode view = ObjectViews.find(service.current(), PolicyObject.SETTINGS, "settings").orElseThrow();
        return Response.ok(view).tag(PolicyObjectsResource.unquoted(ObjectViews.etag(view))).build();
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the access settings", description = "If-Match with the ETag read: a stale write gets 412.")
    public Response putSettings(@HeaderParam("If-Match") String ifMatch, JsonNode body, RoutingContext ctx) {
        var settings = LiteLlmConfig.parseSettings(body);
        PolicyService.Outcome outcome = service.apply(AdminAccess.actor(ctx), new Change(PolicyObject.SETTINGS, "settings",
                Action.UPDATE, Optional.ofNullable(ifMatch), PolicyEdits.putSettings(settings)));
        return Response.ok(outcome.object().orElseThrow()).tag(PolicyObjectsResource.unquoted(outcome.etag().orElseThrow()))
                .header("X-Modelgate-Policy-Version", outcome.policyVersion()).build();
    }

    @GET
    @Path("audit")
    @Operation(summary = "Policy changes, newest first", description = "Filter by entity_type (model, role, permission, "
            + "role_mapping, credential, settings, policy), entity_key, actor (subject or email), since/until (ISO-8601); "
            + "page with limit and before_id (the next_before_id of the previous page).")
    public ObjectNode audit(@QueryParam("entity_type") String entityType, @QueryParam("entity_key") String entityKey,
            @QueryParam("actor") String actor, @QueryParam("since") String since, @QueryParam("until") String until,
            @QueryParam("before_id") Long beforeId, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new PolicyValidationException("limit", "must be from 1 to 500");
        }
        List<AuditLog.Event> events = audit.list(new AuditLog.Filter(entityType, entityKey, actor,
                instant(since, "since"), instant(until, "until"), beforeId, limit));
        ObjectNode body = NODES.objectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (AuditLog.Event e : events) {
            ObjectNode item = data.addObject().put("id", e.id()).put("at", e.at().toString());
            item.putObject("actor").put("subject", e.actorSubject()).put("email", e.actorEmail());
            item.put("action", e.action()).put("entity_type", e.entityType()).put("entity_key", e.entityKey());
            item.set("before", e.before());
            item.set("after", e.after());
            item.put("policy_version", e.policyVersion());
        }
        if (events.size() == limit) {
            body.put("next_before_id", events.get(events.size() - 1).id());
        }
        return body;
    }

    @GET
    @Path("export")
    @Produces(YAML)
    @Operation(summary = "The whole policy as a LiteLLM config", description = "Secrets appear as the os.environ/ references "
            + "they are stored as; importing the export gives the same policy.")
    public String export() {
        return LiteLlmConfigWriter.toYaml(service.current());
    }

    @POST
    @Path("import")
    @Consumes({YAML, "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Operation(summary = "Replace the policy with a LiteLLM config", description = "All of it in one transaction or nothing; "
            + "with dry_run=true only the difference is returned. A file with problems gets 400 naming each one.")
    public ObjectNode importPolicy(@RequestBody(content = @Content(mediaType = YAML, examples = @ExampleObject(name = "policy",
            value = "general_settings:\n  litellm_jwtauth: {user_roles_jwt_field: roles, user_allowed_roles: [basic_user]}\n"
                    + "  role_permissions:\n  - {role: internal_user, models: [mock-chat]}\n"
                    + "model_list:\n- model_name: mock-chat\n  litellm_params: {model: mock/gpt-4o-mini}\n"))) String yaml, @QueryParam("dry_run") @DefaultValue("false") boolean dryRun, RoutingContext ctx) {
        PolicyService.ImportOutcome outcome = service.importPolicy(AdminAccess.actor(ctx), LiteLlmConfig.parse(yaml == null ? "" : yaml, secrets), dryRun);
        ObjectNode body = NODES.objectNode().put("dry_run", dryRun).put("applied", outcome.applied())
                .put("policy_version", outcome.policyVersion());
        ArrayNode changes = body.putArray("changes");
        for (PolicyDiff.Entry entry : outcome.changes()) {
            ObjectNode change = changes.addObject().put("change", entry.change().name().toLowerCase(Locale.ROOT))
                    .put("entity_type", entry.kind().auditName()).put("entity_key", entry.key());
            change.set("before", entry.before());
            change.set("after", entry.after());
        }
        return body;
    }

    @POST
    @Path("explain")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Why a caller may or may not use a model", description = "Given a token (verified; issuers of quarkus.oidc.*) "
            + "or IdP roles (idp_roles), and optionally a "
            + "model: the gateway roles, the models allowed, and for the model the decision, its reason and the rule that "
            + "decided, computed by the function the gateway enforces with, against the policy in force.")
    public ObjectNode explain(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "by IdP roles", value = "{\"idp_roles\": [\"ds-team\"], \"model\": \"premium-chat\"}"),
            @ExampleObject(name = "by token", value = "{\"token\": \"eyJhbGciOiJSUzI1NiIs...\", \"model\": \"mock-chat\"}")}))
            JsonNode body) throws InterruptedException {
        boolean byToken = body != null && body.path("token").isTextual();
        if (body == null || !body.isObject() || !byToken && !body.path("idp_roles").isArray()) {
            throw new PolicyValidationException("idp_roles", "give either 'token' (a bearer token to verify) or 'idp_roles' "
                    + "(role values as the identity provider sends them)");
        }
        Optional<String> model = Optional.ofNullable(body.path("model").asText(null));
        AccessExplainer.Explanation explanation;
        if (byToken) {
            explanation = explainer.forToken(body.path("token").asText(), model);
        } else {
            Set<String> idpRoles = new LinkedHashSet<>();
            body.path("idp_roles").forEach(role -> idpRoles.add(role.asText()));
            explanation = explainer.forRoles(idpRoles, model);
        }
        ObjectNode answer = NODES.objectNode().put("policy_version", explanation.policyVersion());
        if (byToken) {
            answer.putObject("token").put("subject", explanation.subject().orElse(null)).put("email", explanation.email().orElse(null));
        }
        explanation.idpRoles().forEach(answer.putArray("idp_roles")::add);
        explanation.gatewayRoles().forEach(answer.putArray("gateway_roles")::add);
        explanation.allowedModels().forEach(answer.putArray("allowed_models")::add);
        explanation.decision().ifPresent(decision -> {
            ObjectNode d = answer.putObject("decision").put("model", decision.model()).put("allowed", decision.allowed())
                    .put("outcome", decision.outcome().name().toLowerCase(Locale.ROOT)).put("reason", decision.reason())
                    .put("rule", decision.rule()).put("granted_by", decision.grantedBy());
            if (!decision.allowed()) {
                explanation.rolesThatWouldAllow().forEach(d.putArray("roles_that_would_allow")::add);
            }
        });
        return answer;
    }

    private static Instant instant(String value, String field) {
        try {
            return value == null || value.isBlank() ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new PolicyValidationException(field, "must be an ISO-8601 instant such as 2026-11-23T10:15:30Z");
        }
    }
}
