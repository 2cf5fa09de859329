package io.modelgate.access;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Who may use which MCP server and tool: the decision table. */
class McpAccessTest {

    private static final McpAccess ACCESS = new McpAccess(true,
            Map.of("wiki", McpAccess.ToolOffer.ALL, "jira", new McpAccess.ToolOffer(List.of(), List.of(McpPattern.parse("jira/delete_*")))),
            Map.of("internal_user", List.of(McpPattern.parse("wiki/search"), McpPattern.parse("jira/get_*")),
                    "team", List.of(McpPattern.parse("jira")),
                    "proxy_admin", List.of(McpPattern.parse("*"))));

    @Test
    void aGrantCoversItsServerAndTheToolsItNames() {
        McpDecision search = ACCESS.tool(Set.of("internal_user"), "wiki", "search");
        assertEquals(McpDecision.Outcome.ALLOWED, search.outcome());
        assertEquals("internal_user → wiki/search", search.rule());
        assertEquals(McpDecision.Outcome.NOT_PERMITTED, ACCESS.tool(Set.of("internal_user"), "wiki", "edit_page").outcome());
        assertEquals(McpDecision.Outcome.ALLOWED, ACCESS.tool(Set.of("internal_user"), "jira", "get_issue").outcome());
        assertEquals(McpDecision.Outcome.ALLOWED, ACCESS.server(Set.of("internal_user"), "wiki").outcome());
        assertEquals(List.of("jira", "wiki"), ACCESS.servers(Set.of("internal_user")));
        assertEquals(List.of("jira"), ACCESS.servers(Set.of("team")));
    }

    @Test
    void aToolTheServerDoesNotOfferIsNobodysWhateverTheGrant() {
        assertEquals(McpDecision.Outcome.NOT_OFFERED, ACCESS.tool(Set.of("team"), "jira", "delete_issue").outcome());
        assertEquals(McpDecision.Outcome.NOT_OFFERED, ACCESS.tool(Set.of("proxy_admin"), "jira", "delete_issue").outcome());
        assertEquals(McpDecision.Outcome.ALLOWED, ACCESS.tool(Set.of("team"), "jira", "create_issue").outcome());
    }

    @Test
    void anUnknownServerIsNamedSoOnlyToThoseWhoseGrantsWouldCoverIt() {
        assertEquals(McpDecision.Outcome.UNKNOWN_SERVER, ACCESS.server(Set.of("proxy_admin"), "ghost").outcome());
        assertEquals(McpDecision.Outcome.NOT_PERMITTED, ACCESS.server(Set.of("internal_user"), "ghost").outcome());
        assertEquals(McpDecision.Outcome.NO_GATEWAY_ROLE, ACCESS.server(Set.of(), "wiki").outcome());
    }

    @Test
    void ofSeveralRolesTheFirstByNameIsCredited() {
        assertEquals("proxy_admin", ACCESS.tool(Set.of("team", "proxy_admin"), "jira", "get_issue").grantedBy());
        assertEquals(Set.of("internal_user", "proxy_admin", "team"), ACCESS.rolesPermitting("jira", "get_issue"));
    }

    @Test
    void withoutEnforcementEveryRoleReachesEveryServerButNotWhatItDoesNotOffer() {
        McpAccess open = new McpAccess(false, Map.of("jira", new McpAccess.ToolOffer(List.of(McpPattern.parse("jira/get_*")), List.of())),
                Map.of());
        assertEquals(McpDecision.Outcome.ALLOWED, open.tool(Set.of("anyone"), "jira", "get_issue").outcome());
        assertEquals(McpDecision.Outcome.NOT_OFFERED, open.tool(Set.of("anyone"), "jira", "create_issue").outcome());
        assertEquals(McpDecision.Outcome.UNKNOWN_SERVER, open.server(Set.of("anyone"), "ghost").outcome());
    }

    @Test
    void grantsParseAsTheyAreWritten() {
        assertEquals("*", McpPattern.parse("wiki").tools().pattern().replace("\\Q", "").replace("\\E", "").replace(".*", "*"));
        assertThrows(IllegalArgumentException.class, () -> McpPattern.parse("wiki/a/b"));
        assertThrows(IllegalArgumentException.class, () -> McpPattern.parse("wi*/a"));
        assertThrows(IllegalArgumentException.class, () -> McpPattern.parse("/a"));
        assertEquals(true, McpPattern.parse("*/search").coversTool("any", "search"));
    }
}
