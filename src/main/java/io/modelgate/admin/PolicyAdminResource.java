package io.modelgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.modelgate.control.ObjectBodies;
import io.modelgate.control.PolicyDiff;
import io.modelgate.control.PolicyEdits;
import io.modelgate.control.PolicyService;
import io.modelgate.control.PolicyService.Action;
import io.modelgate.control.PolicyService.Change;
import io.modelgate.litellm.LiteLlmFormat;
import io.modelgate.policy.JwtAuthSettings;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.binding.PolicyJson;
import io.modelgate.secret.SecretBox;
import io.modelgate.secret.SecretRules;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Access settings, and the whole policy as a LiteLLM config: export, and import with a dry run. */
@Path(AdminAccess.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policy")
public class PolicyAdminResource {

    private static final String YAML = "application/yaml";

    /** What an import changes (or would change, on a dry run), and the file's keys Modelgate does not use. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ImportResult(boolean dryRun, boolean applied, long policyVersion, List<ChangeView> changes, List<String> ignored) {
    }

    /** One object an import adds, changes or removes, as it was and as it would be. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChangeView(String change, String entityType, String entityKey, JsonNode before, JsonNode after) {
    }

    private final PolicyService service;
    private final ObjectBodies bodies;
    private final LiteLlmFormat format;
    private final SecretRules secrets;

    PolicyAdminResource(PolicyService service, ObjectBodies bodies, LiteLlmFormat format, SecretBox box) {
        this.service = service;
        this.bodies = bodies;
        this.format = format;
        this.secrets = new SecretRules(box);
    }

    @GET
    @Path("settings")
    @Operation(summary = "The roles claim path(s), user_allowed_roles and enforce_rbac")
    public RestResponse<JwtAuthSettings> settings() {
        JwtAuthSettings settings = service.current().settings();
        return RestResponse.ResponseBuilder.ok(settings).tag(PolicyObjectResource.unquoted(PolicyJson.etag(settings))).build();
    }

    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the access settings", description = "If-Match with the ETag read: a stale write gets 412.")
    public RestResponse<JwtAuthSettings> putSettings(@HeaderParam("If-Match") String ifMatch, JsonNode body, @Context RoutingContext ctx) {
        JwtAuthSettings settings = bodies.read(PolicyKind.SETTINGS, body, "settings");
        return PolicyObjectResource.written(RestResponse.Status.OK, service.apply(AdminAccess.actor(ctx), new Change<>(PolicyKind.SETTINGS,
                "settings", Action.UPDATE, Optional.ofNullable(ifMatch), PolicyEdits.putSettings(settings))));
    }

    @GET
    @Path("export")
    @Produces(YAML)
    @Operation(summary = "The whole policy as a LiteLLM config", description = "Secrets appear as the os.environ/ references "
            + "or sealed values they are stored as; importing the export gives the same policy.")
    public String export() {
        return LiteLlmFormat.write(service.current());
    }

    @POST
    @Path("import")
    @Consumes({YAML, "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Operation(summary = "Replace the policy with a LiteLLM config", description = "All of it in one transaction or nothing; "
            + "with dry_run=true only the difference is returned. A file with problems gets 400 naming each one; keys "
            + "LiteLLM knows and Modelgate does not use are listed under 'ignored'.")
    public ImportResult importPolicy(@RequestBody(content = @Content(mediaType = YAML, examples = @ExampleObject(name = "policy",
            value = "general_settings:\n  litellm_jwtauth: {user_roles_jwt_field: roles, user_allowed_roles: [basic_user]}\n"
                    + "  role_permissions:\n  - {role: internal_user, models: [mock-chat]}\n"
                    + "model_list:\n- model_name: mock-chat\n  litellm_params: {model: mock/gpt-4o-mini}\n"))) String yaml,
            @QueryParam("dry_run") @DefaultValue("false") boolean dryRun, @Context RoutingContext ctx) {
        PolicyService.ImportOutcome outcome = service.importPolicy(AdminAccess.actor(ctx), format.read(yaml, secrets), dryRun);
        List<ChangeView> changes = outcome.changes().stream().map(PolicyAdminResource::view).toList();
        return new ImportResult(dryRun, outcome.applied(), outcome.policyVersion(), changes, outcome.ignoredKeys());
    }

    private static ChangeView view(PolicyDiff.Entry entry) {
        return new ChangeView(entry.change().name().toLowerCase(Locale.ROOT), entry.kind().auditName(), entry.key(), entry.before(),
                entry.after());
    }
}
