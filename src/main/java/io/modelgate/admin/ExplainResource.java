package io.modelgate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.modelgate.access.AccessDecision;
import io.modelgate.control.AccessExplainer;
import io.modelgate.limits.LimitStanding;
import io.modelgate.policy.PolicyValidationException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** "Explain access": the decision the gateway would make, by the function it enforces with. */
@Path(AdminAccess.PATH + "/explain")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policy")
public class ExplainResource {

    /** Who to explain: a token to verify, or IdP role values as the identity provider sends them; and optionally a model. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ExplainRequest(String token, List<String> idpRoles, String model, String tool) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExplainResult(long policyVersion, TokenView token, List<String> idpRoles, List<String> gatewayRoles,
            List<String> allowedModels, DecisionView decision, List<LimitStanding> limits, List<String> allowedMcpServers,
            McpDecisionView mcpDecision) {
    }

    /** The decision on the MCP server or tool asked about ({@code tool}: {@code wiki} or {@code wiki/search}). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record McpDecisionView(String server, String tool, boolean allowed, String outcome, String reason, String rule, String grantedBy,
            List<String> permittedBy, List<String> rolesThatWouldAllow) {
    }

    public record TokenView(String subject, String email) {
    }

    /**
     * The decision on the model: {@code granted_by} is the role credited — the first by name of {@code permitted_by},
     * the caller's roles that allow it; {@code roles_that_would_allow}, when denied, what the caller would need.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DecisionView(String model, boolean allowed, String outcome, String reason, String rule, String grantedBy,
            List<String> permittedBy, List<String> rolesThatWouldAllow) {
    }

    private final AccessExplainer explainer;

    ExplainResource(AccessExplainer explainer) {
        this.explainer = explainer;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Why a caller may or may not use a model or an MCP tool", description = "Given a token (verified; issuers of "
            + "quarkus.oidc.*) or IdP roles (idp_roles), and optionally a model and an MCP server or tool (tool: wiki, wiki/search): the "
            + "gateway roles, the models and MCP servers allowed, and for the model and the tool the decision, its reason, the rule "
            + "that decided and the role credited, computed by the functions the gateway enforces with, against the policy in force.")
    public ExplainResult explain(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "by IdP roles", value = "{\"idp_roles\": [\"ds-team\"], \"model\": \"premium-chat\"}"),
            @ExampleObject(name = "an MCP tool", value = "{\"idp_roles\": [\"basic_user\"], \"tool\": \"tickets/delete_ticket\"}"),
            @ExampleObject(name = "by token", value = "{\"token\": \"eyJhbGciOiJSUzI1NiIs...\", \"model\": \"mock-chat\"}")}))
            ExplainRequest request) throws InterruptedException {
        if (request == null || request.token() == null && request.idpRoles() == null) {
            throw new PolicyValidationException("idp_roles", "give either 'token' (a bearer token to verify) or 'idp_roles' "
                    + "(role values as the identity provider sends them)");
        }
        Optional<String> model = Optional.ofNullable(request.model());
        Optional<String> tool = Optional.ofNullable(request.tool());
        boolean byToken = request.token() != null;
        AccessExplainer.Explanation explanation = byToken ? explainer.forToken(request.token(), model, tool)
                : explainer.forRoles(new LinkedHashSet<>(request.idpRoles()), model, tool);
        return new ExplainResult(explanation.policyVersion(),
                byToken ? new TokenView(explanation.subject().orElse(null), explanation.email().orElse(null)) : null,
                List.copyOf(explanation.idpRoles()), explanation.gatewayRoles(), explanation.allowedModels(),
                explanation.decision().map(d -> decision(d, explanation)).orElse(null), explanation.limits(),
                explanation.mcp().allowedServers(), explanation.mcp().decision().map(d -> new McpDecisionView(d.server(), d.tool(), d.allowed(),
                        d.outcome().name().toLowerCase(Locale.ROOT), d.reason(), d.rule(), d.grantedBy(),
                        d.allowed() ? explanation.mcp().permittedBy() : null,
                        d.allowed() ? null : List.copyOf(explanation.mcp().rolesThatWouldAllow()))).orElse(null));
    }

    private static DecisionView decision(AccessDecision decision, AccessExplainer.Explanation explanation) {
        return new DecisionView(decision.model(), decision.allowed(), decision.outcome().name().toLowerCase(Locale.ROOT), decision.reason(),
                decision.rule(), decision.grantedBy(), decision.allowed() ? explanation.permittedBy() : null,
                decision.allowed() ? null : List.copyOf(explanation.rolesThatWouldAllow()));
    }
}
