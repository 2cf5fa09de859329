package io.modelgate.ui;

import io.modelgate.access.BuiltInRoles;
import io.modelgate.control.PolicyService;
import io.modelgate.mcp.McpProbe;
import io.quarkus.oidc.Tenant;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The MCP server list's "test" button: begins a session with the server (with Modelgate's credential for it), lists
 * its tools and shows them above the list ({@link McpProbe}).
 */
@Path("/admin")
@Tenant("ui")
@RolesAllowed(BuiltInRoles.PROXY_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class UiMcpServerTestResource {

    private static final McpServerPages PAGES = new McpServerPages();

    private final SecurityIdentity identity;
    private final PolicyService service;
    private final McpProbe probe;

    UiMcpServerTestResource(SecurityIdentity identity, PolicyService service, McpProbe probe) {
        this.identity = identity;
        this.service = service;
        this.probe = probe;
    }

    @POST
    @Path("mcp-servers/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response test(@FormParam("name") String name) {
        String tested = name == null ? "" : name;
        McpServerPages.Tested outcome;
        try {
            McpProbe.Probe found = probe.tools(tested).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            outcome = new McpServerPages.Tested(tested, found.message(), found.ok(), found.tools());
        } catch (ExecutionException | TimeoutException e) {
            outcome = new McpServerPages.Tested(tested, "The test did not complete: " + e.getClass().getSimpleName() + ".", false, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.status(503).build();
        }
        return Response.ok(PAGES.list(Operator.of(identity), new ListPage(PAGES.names(), null, null), service.current(), outcome)).build();
    }
}
