package io.modelgate.admin;

import io.modelgate.control.ObjectBodies;
import io.modelgate.control.PolicyService;
import io.modelgate.policy.McpServer;
import io.modelgate.policy.PolicyKind;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /admin/api/mcp-servers}: see {@link PolicyObjectResource}. */
@Path(AdminAccess.PATH + "/mcp-servers")
@Tag(name = "MCP servers (the upstream MCP servers behind /mcp/<name>, their credential and the tools they offer)")
public class McpServersResource extends PolicyObjectResource<McpServer> {

    McpServersResource(PolicyService service, ObjectBodies bodies) {
        super(PolicyKind.MCP_SERVERS, service, bodies);
    }
}
