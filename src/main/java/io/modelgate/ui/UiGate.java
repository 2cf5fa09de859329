package io.modelgate.ui;

import io.modelgate.catalog.ActivePolicy;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.util.function.Function;

/** Lets only proxy_admin operators reach a page, and gives every page the operator and its section. */
@ApplicationScoped
public class UiGate {

    private final ActivePolicy activePolicy;
    private final Template denied;

    UiGate(ActivePolicy activePolicy, @Location("admin/denied.html") Template denied) {
        this.activePolicy = activePolicy;
        this.denied = denied;
    }

    /** Renders {@code page} for an administrator; anyone else gets the 403 "Not allowed" page. */
    public Response admit(SecurityIdentity identity, Function<UiOperator, Response> page) {
        UiOperator operator = UiOperator.of(identity, activePolicy.snapshot().access());
        if (!operator.isAdmin()) {
            return Response.status(403).entity(denied.data("operator", operator)).build();
        }
        return page.apply(operator);
    }

    public static TemplateInstance page(Template template, UiOperator operator, String section) {
        return template.data("operator", operator).data("section", section);
    }
}
