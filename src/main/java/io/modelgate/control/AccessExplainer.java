package io.modelgate.control;

import io.modelgate.access.AccessDecision;
import io.modelgate.access.McpAccess;
import io.modelgate.access.McpDecision;
import io.modelgate.access.AccessPolicy;
import io.modelgate.access.ModelRef;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.identity.Caller;
import io.modelgate.identity.CallerAuthenticator;
import io.modelgate.limits.LimitRule;
import io.modelgate.limits.LimitStanding;
import io.modelgate.limits.Limits;
import io.modelgate.policy.PolicyValidationException;
import io.modelgate.snapshot.ActivePolicy;
import io.modelgate.snapshot.PolicySnapshot;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * "Explain access" for the admin API and the operator UI: for a pasted token (verified, roles read at the
 * policy's claim paths) or a list of IdP role values, the gateway roles, the models allowed and, for one model,
 * the decision — all from {@link AccessPolicy}, the function the data plane enforces with, against the snapshot
 * in force.
 */
@ApplicationScoped
public class AccessExplainer {

    /**
     * What was explained; {@code decision} is empty when no model was asked about. {@code permittedBy} are the
     * caller's roles that allow the model, by name: the first is the one credited.
     */
    public record Explanation(long policyVersion, Optional<String> subject, Optional<String> email, Set<String> idpRoles,
            List<String> gatewayRoles, List<String> allowedModels, Optional<AccessDecision> decision, List<String> permittedBy,
            Set<String> rolesThatWouldAllow, List<LimitStanding> limits, McpExplanation mcp) {
    }

    /**
     * The MCP side: the servers the caller's roles reach and, for one server or tool asked about ({@code wiki},
     * {@code wiki/search}), the decision of {@link McpAccess}, the caller's roles that allow it (the first is
     * credited) or, when denied, the roles that would.
     */
    public record McpExplanation(List<String> allowedServers, Optional<McpDecision> decision, List<String> permittedBy,
            Set<String> rolesThatWouldAllow) {
    }

    private final ActivePolicy activePolicy;
    private final CallerAuthenticator authenticator;
    private final Limits limits;

    AccessExplainer(ActivePolicy activePolicy, CallerAuthenticator authenticator, Limits limits) {
        this.activePolicy = activePolicy;
        this.authenticator = authenticator;
        this.limits = limits;
    }

    /** For IdP role values as the identity provider would send them; {@code tool}: an MCP server or {@code server/tool}. */
    public Explanation forRoles(Set<String> idpRoles, Optional<String> model, Optional<String> tool) {
        PolicySnapshot snapshot = activePolicy.snapshot();
        Set<String> gatewayRoles = snapshot.access().gatewayRoles(idpRoles);
        return explain(snapshot, new Caller(null, null, null, null, idpRoles, gatewayRoles), model, tool);
    }

    /** For a token, verified first; an invalid one is a problem with the request ({@code token}), never echoed. */
    public Explanation forToken(String token, Optional<String> model, Optional<String> tool) throws InterruptedException {
        PolicySnapshot snapshot = activePolicy.snapshot();
        return explain(snapshot, verify(token, snapshot.access()), model, tool);
    }

    /**
     * The limits that apply to the caller and the model asked about (to any model when none was), with where the caller
     * stands under each on this replica. Without a token there is no subject: only role limits apply, and those counted
     * per caller show nothing used.
     */
    private Explanation explain(PolicySnapshot snapshot, Caller caller, Optional<String> model, Optional<String> tool) {
        AccessPolicy policy = snapshot.access();
        Set<String> idpRoles = caller.idpRoles();
        Set<String> gatewayRoles = caller.gatewayRoles();
        Optional<String> subject = Optional.ofNullable(caller.subject());
        Optional<String> email = Optional.ofNullable(caller.email());
        Optional<String> asked = model.filter(m -> !m.isBlank());
        Optional<AccessDecision> decision = asked.map(m -> policy.decide(gatewayRoles, m));
        Set<String> permitting = decision.map(d -> policy.rolesPermitting(d.model())).orElse(Set.of());
        List<String> permittedBy = gatewayRoles.stream().filter(permitting::contains).toList();
        Set<String> wouldAllow = decision.filter(d -> !d.allowed()).map(d -> permitting).orElse(Set.of());
        List<LimitRule> candidates = asked.map(m -> snapshot.limits().of(m)).orElse(snapshot.limits().all());
        List<LimitStanding> standing = limits.book().standing(candidates, caller);
        return new Explanation(snapshot.version(), subject, email, new LinkedHashSet<>(idpRoles), List.copyOf(gatewayRoles),
                policy.allowedModels(gatewayRoles).stream().map(ModelRef::name).toList(), decision, permittedBy, wouldAllow, standing,
                mcp(snapshot.mcpAccess(), gatewayRoles, tool.filter(t -> !t.isBlank())));
    }

    /** {@code wiki} asks about the server, {@code wiki/search} about its tool. */
    private static McpExplanation mcp(McpAccess access, Set<String> gatewayRoles, Optional<String> asked) {
        Optional<McpDecision> decision = asked.map(text -> {
            int slash = text.indexOf('/');
            return slash < 0 ? access.server(gatewayRoles, text.trim())
                    : access.tool(gatewayRoles, text.substring(0, slash).trim(), text.substring(slash + 1).trim());
        });
        Set<String> permitting = decision.map(d -> access.rolesPermitting(d.server(), d.tool())).orElse(Set.of());
        return new McpExplanation(access.servers(gatewayRoles), decision, gatewayRoles.stream().filter(permitting::contains).toList(),
                decision.filter(d -> !d.allowed()).map(d -> permitting).orElse(Set.of()));
    }

    private Caller verify(String token, AccessPolicy policy) throws InterruptedException {
        String bare = token.startsWith("Bearer ") ? token.substring(7).trim() : token.trim();
        try {
            return authenticator.authenticateToken(bare, policy).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof GatewayException g ? g.getMessage() : "it could not be verified";
            throw new PolicyValidationException("token", "cannot be explained: " + why);
        } catch (TimeoutException e) {
            throw new GatewayException(ErrorKind.IDP_UNAVAILABLE, "The token could not be verified in time. Retry shortly.");
        }
    }
}
