package io.modelgate.access;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who may use which MCP server and tool: the MCP half of the access policy, pure. A server's tools are learnt from the
 * server at run time, so tools are decided by matching grants, not looked up; servers are known to the snapshot.
 *
 * <p>Rules, in order: no gateway role → {@link McpDecision.Outcome#NO_GATEWAY_ROLE}; a tool the server's own lists
 * keep from everyone → {@link McpDecision.Outcome#NOT_OFFERED}; {@code enforce_rbac: false} → every role may use every
 * server; otherwise a grant of one of the caller's roles must cover the server (and the tool). Of several roles that
 * allow it, the first by name is credited, as for models. An unknown server is named so only to a caller whose grants
 * would cover it.
 */
public final class McpAccess {

    /** What a server itself offers of its tools: {@code allowed_tools} (all when empty) less {@code disallowed_tools}. */
    public record ToolOffer(List<McpPattern> allowed, List<McpPattern> disallowed) {
        public static final ToolOffer ALL = new ToolOffer(List.of(), List.of());

        public boolean offers(String server, String tool) {
            return (allowed.isEmpty() || allowed.stream().anyMatch(p -> p.coversTool(server, tool)))
                    && disallowed.stream().noneMatch(p -> p.coversTool(server, tool));
        }
    }

    /** A grant of a role with the rule and reason a decision gives for it: made with the snapshot, not per call. */
    private record Grant(McpPattern pattern, String rule, String reason) {
        Grant(String role, McpPattern pattern) {
            this(pattern, role + " → " + pattern.text(), "allowed by " + role + " → " + pattern.text());
        }
    }

    private final boolean enforceRbac;
    private final Map<String, ToolOffer> servers;
    private final Map<String, List<Grant>> grantsByRole;

    /**
     * @param servers each server's name and what it offers
     * @param grants  gateway role → its MCP grants, in the policy's order
     */
    public McpAccess(boolean enforceRbac, Map<String, ToolOffer> servers, Map<String, List<McpPattern>> grants) {
        this.enforceRbac = enforceRbac;
        this.servers = Collections.unmodifiableMap(new TreeMap<>(servers));
        Map<String, List<Grant>> byRole = new TreeMap<>();
        grants.forEach((role, list) -> byRole.put(role, list.stream().map(pattern -> new Grant(role, pattern)).toList()));
        this.grantsByRole = Collections.unmodifiableMap(byRole);
    }

    public static McpAccess none(boolean enforceRbac) {
        return new McpAccess(enforceRbac, Map.of(), Map.of());
    }

    /** Every server's name, sorted. */
    public Set<String> serverNames() {
        return servers.keySet();
    }

    public boolean exists(String server) {
        return servers.containsKey(server);
    }

    /** Whether the server's own {@code allowed_tools}/{@code disallowed_tools} let anyone use the tool. */
    public boolean offers(String server, String tool) {
        ToolOffer offer = servers.get(server);
        return offer != null && offer.offers(server, tool);
    }

    /** May the caller reach the server at all (its lists; its prompts and resources)? */
    public McpDecision server(Set<String> callerRoles, String server) {
        return decide(callerRoles, server, null);
    }

    /** May the caller call (and see) this tool of the server? */
    public McpDecision tool(Set<String> callerRoles, String server, String tool) {
        return decide(callerRoles, server, tool);
    }

    /** The servers the caller may reach, sorted by name. */
    public List<String> servers(Set<String> callerRoles) {
        List<String> reachable = new ArrayList<>();
        for (String server : servers.keySet()) {
            if (server(callerRoles, server).allowed()) {
                reachable.add(server);
            }
        }
        return reachable;
    }

    /** The gateway roles whose grants cover the tool (or, tool null, the server): what a denied caller would need. */
    public Set<String> rolesPermitting(String server, String tool) {
        Set<String> roles = new TreeSet<>();
        grantsByRole.forEach((role, grants) -> {
            if (firstCovering(grants, server, tool) != null) {
                roles.add(role);
            }
        });
        return roles;
    }

    private McpDecision decide(Set<String> callerRoles, String server, String tool) {
        SortedSet<String> roles = callerRoles instanceof SortedSet<String> sorted && sorted.comparator() == null ? sorted
                : Collections.unmodifiableSortedSet(new TreeSet<>(callerRoles));
        if (roles.isEmpty()) {
            return denied(McpDecision.Outcome.NO_GATEWAY_ROLE, server, tool, roles, "the token carries no role that maps to a gateway role");
        }
        ToolOffer offer = servers.get(server);
        if (!enforceRbac) {
            if (offer == null) {
                return denied(McpDecision.Outcome.UNKNOWN_SERVER, server, tool, roles, "no MCP server named '" + server + "' exists");
            }
            return offered(offer, server, tool) ? new McpDecision(McpDecision.Outcome.ALLOWED, server, tool, roles,
                    "enforce_rbac is off", roles.first(), "allowed by enforce_rbac is off: every gateway role may use every MCP server")
                    : notOffered(server, tool, roles);
        }
        for (String role : roles) {
            Grant grant = firstCovering(grantsByRole.getOrDefault(role, List.of()), server, tool);
            if (grant == null) {
                continue;
            }
            if (offer == null) {
                return denied(McpDecision.Outcome.UNKNOWN_SERVER, server, tool, roles, "no MCP server named '" + server + "' exists");
            }
            if (!offered(offer, server, tool)) {
                return notOffered(server, tool, roles);
            }
            return new McpDecision(McpDecision.Outcome.ALLOWED, server, tool, roles, grant.rule(), role, grant.reason());
        }
        return denied(McpDecision.Outcome.NOT_PERMITTED, server, tool, roles,
                "no MCP grant of the roles " + roles + " covers " + what(server, tool));
    }

    /** The server or tool asked about, as a refusal names it. */
    private static String what(String server, String tool) {
        return tool == null ? "MCP server '" + server + "'" : "tool '" + tool + "' of MCP server '" + server + "'";
    }

    private static boolean offered(ToolOffer offer, String server, String tool) {
        return tool == null || offer.offers(server, tool);
    }

    private static McpDecision notOffered(String server, String tool, Set<String> roles) {
        return denied(McpDecision.Outcome.NOT_OFFERED, server, tool, roles, what(server, tool) + " is not offered: the server's allowed_tools or"
                + " disallowed_tools keep it from every caller");
    }

    private static Grant firstCovering(List<Grant> grants, String server, String tool) {
        for (Grant grant : grants) {
            if (tool == null ? grant.pattern().coversServer(server) : grant.pattern().coversTool(server, tool)) {
                return grant;
            }
        }
        return null;
    }

    private static McpDecision denied(McpDecision.Outcome outcome, String server, String tool, Set<String> roles, String reason) {
        return new McpDecision(outcome, server, tool, roles, null, null, reason);
    }
}
