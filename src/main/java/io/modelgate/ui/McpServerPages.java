package io.modelgate.ui;

import io.modelgate.identity.Caller;
import io.modelgate.policy.McpServer;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/**
 * The MCP servers behind {@code /mcp}: a list with a "test connection" button ({@link UiMcpServerTestResource}, which
 * lists the server's tools), and one form to create or edit a server, see {@link McpServerForm}. Which roles may use
 * them is granted on the Models page's matrix.
 */
public final class McpServerPages extends ObjectPages<McpServerForm> {

    /** A server's line in the list. */
    public record Row(String name, String where, String description, String credential, String tools) {
    }

    /** The outcome of a connection test, shown above the list. */
    public record Tested(String name, String message, boolean ok, List<String> tools) {
    }

    private static final KindNames NAMES = new KindNames(PolicyKind.MCP_SERVERS, "MCP server", "MCP servers", "New MCP server", "Name",
            "letters and digits, single _ or - between them; callers reach it at /mcp/<name>");

    public McpServerPages() {
        super(NAMES, McpServerForm::empty, McpServerForm::of, McpServerForm::submitted,
                (server, stored) -> new FormBody(server.body(), McpServerForm::fieldOf));
    }

    @Override
    TemplateInstance list(Caller operator, ListPage page, PolicyDocument document) {
        return list(operator, page, document, null);
    }

    TemplateInstance list(Caller operator, ListPage page, PolicyDocument document, Tested tested) {
        return UiTemplates.mcpServers(operator, NAMES.path(), page, document.mcpServers().stream().map(McpServerPages::row).toList(), tested);
    }

    @Override
    TemplateInstance form(Caller operator, FormPage page, McpServerForm form, PolicyDocument document) {
        return UiTemplates.mcpServerForm(operator, NAMES.path(), page, form, McpServerForm.TRANSPORTS,
                document.credentials().stream().map(c -> c.credentialName()).toList());
    }

    @Override
    String deleteConsequence(PolicyDocument document, String name) {
        List<String> roles = document.permissions().stream().filter(p -> p.mcp().stream().anyMatch(g -> g.equals(name) || g.startsWith(name + "/")))
                .map(p -> p.role()).toList();
        return "Callers can no longer reach it at /mcp/" + name + (roles.isEmpty() ? "." : "; the grants of it of the roles "
                + String.join(", ", roles) + " go with it.");
    }

    static Row row(McpServer server) {
        String where = server.transportOrDefault() == McpServer.McpTransport.MOCK ? "built-in mock" : server.url();
        String tools = server.allowedTools() == null ? "all" : "only " + String.join(", ", server.allowedTools());
        if (server.disallowedTools() != null) {
            tools += "; never " + String.join(", ", server.disallowedTools());
        }
        return new Row(server.serverName(), where, server.description() == null ? "" : server.description(),
                server.credentialName() == null ? "none" : server.credentialName(), tools);
    }
}
