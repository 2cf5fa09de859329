package io.modelgate.ui;

import io.quarkus.security.ForbiddenException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Someone signed in who is not a {@code proxy_admin} gets the "Not allowed" page, with who they are signed in
 * as. The operator UI's pages are the only ones guarded by roles ({@code @RolesAllowed}); the admin API answers
 * in OpenAI's error format by its own filter.
 */
public class UiErrors {

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, RoutingContext ctx) {
        var operator = Operator.of(ctx.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null);
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE).entity(UiTemplates.denied(operator)).build();
    }
}
