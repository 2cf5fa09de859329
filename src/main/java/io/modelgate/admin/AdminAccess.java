package io.modelgate.admin;

import io.modelgate.control.Actor;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.identity.Caller;
import io.modelgate.identity.CallerAuthenticator;
import io.modelgate.snapshot.ActivePolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Admits only callers holding the gateway role {@code proxy_admin} to {@code /admin/api}: the bearer token is
 * verified and its roles mapped exactly as on the data plane (the same authenticator, the same verified-token
 * cache), and failures are answered in the same OpenAI-shaped format.
 */
public class AdminAccess {

    static final String PATH = "/admin/api";
    private static final String CALLER = "modelgate.admin.caller";

    private final CallerAuthenticator authenticator;
    private final ActivePolicy activePolicy;

    AdminAccess(CallerAuthenticator authenticator, ActivePolicy activePolicy) {
        this.authenticator = authenticator;
        this.activePolicy = activePolicy;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> admitAdmins(ContainerRequestContext request, RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
            return Uni.createFrom().nullItem();
        }
        if (!activePolicy.isLoaded()) {
            return Uni.createFrom().item(AdminErrors.response(new GatewayException(ErrorKind.NOT_READY,
                    "Modelgate is starting and has no policy loaded yet. Retry shortly.")));
        }
        return Uni.createFrom().completionStage(authenticator.authenticate(ctx, activePolicy.snapshot().access(), false).toCompletionStage())
                .map(caller -> {
                    if (!caller.isAdmin()) {
                        return AdminErrors.response(new GatewayException(ErrorKind.ADMIN_ONLY,
                                "The admin API requires the gateway role 'proxy_admin'."));
                    }
                    ctx.put(CALLER, caller);
                    return (Response) null;
                })
                .onFailure().recoverWithItem(AdminErrors::response);
    }

    /** The administrator making the current request, for the audit log. */
    static Actor actor(RoutingContext ctx) {
        return Actor.of(ctx.<Caller>get(CALLER));
    }
}
