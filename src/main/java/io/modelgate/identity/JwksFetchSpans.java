package io.modelgate.identity;

import io.modelgate.telemetry.SpanAttributes;
import io.modelgate.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcRequestFilter;
import io.quarkus.oidc.common.OidcResponseFilter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A span for each fetch of a trusted issuer's key set by Quarkus OIDC (at start-up, and when a token names a key id not
 * seen before): a call that waited for one shows the IdP's share of its time in the same backend. Started as the
 * request leaves, ended when its answer arrives; a fetch that gets no answer at all (connection refused) is counted by
 * {@link JwksFetchMetrics} and logged by Quarkus, but leaves no span.
 */
@ApplicationScoped
@Unremovable
@OidcEndpoint(OidcEndpoint.Type.JWKS)
public class JwksFetchSpans implements OidcRequestFilter, OidcResponseFilter {

    private static final String SPAN = "modelgate.jwks-span";
    private static final Uni<Void> DONE = Uni.createFrom().voidItem();

    private final Tracing tracing;

    JwksFetchSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    @Override
    public Uni<Void> filter(OidcRequestFilterContext request) {
        if (!tracing.enabled()) {
            return DONE;
        }
        Span span = tracing.standalone("fetch jwks", SpanKind.CLIENT);
        span.setAttribute(SpanAttributes.HTTP_METHOD, "GET");
        span.setAttribute(SpanAttributes.SERVER_ADDRESS, request.request().host());
        span.setAttribute(SpanAttributes.SERVER_PORT, request.request().port());
        span.setAttribute(SpanAttributes.URL_PATH, request.request().uri());
        span.setAttribute("modelgate.oidc.tenant", JwksFetchMetrics.tenant(request.contextProperties()));
        request.contextProperties().put(SPAN, span);
        return DONE;
    }

    @Override
    public Uni<Void> filter(OidcResponseFilterContext response) {
        Object span = response.requestProperties().get(SPAN);
        if (span instanceof Span fetch) {
            fetch.setAttribute(SpanAttributes.HTTP_STATUS, response.statusCode());
            if (response.statusCode() != 200) {
                fetch.setAttribute(SpanAttributes.ERROR_TYPE, Integer.toString(response.statusCode()));
                fetch.setStatus(StatusCode.ERROR);
            }
            fetch.end();
        }
        return DONE;
    }
}
