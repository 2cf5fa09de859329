package io.modelgate.gateway;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.inspect.Endpoint;
import io.modelgate.policy.Api;
import io.modelgate.snapshot.ActivePolicy;
import io.modelgate.telemetry.Tracing;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where data-plane requests enter: plain Vert.x routes on the event loop, every {@link Endpoint} at
 * {@code /v1/<path>} and at {@code /<path>}, {@code /v1/models} and {@code /v1/me}. Each request becomes a {@link Call}
 * against the policy snapshot in force, metered when its exchange ends, and goes through the {@link Pipeline}. Nothing
 * here touches the database or blocks.
 */
@ApplicationScoped
public class DataPlaneRoutes {

    /**
     * Where the data-plane routes sit among Quarkus's filters (a filter of priority p has order -p): after CORS (300),
     * ahead of the HTTP security filters (authentication 200, authorization 100). Every data-plane request is
     * authenticated and authorised by its pipeline, and must be, to answer in its API's error shape; running Quarkus's
     * lazy-authentication set-up, permission check and REST observability matching first cost about 8% of the event
     * loop's time per request in bench/ and decided nothing.
     */
    static final int ORDER = -250;
    private static final String SERVED = Arrays.stream(Api.values()).map(Api::path).collect(Collectors.joining(", "))
            + ", /v1/models and /v1/me";

    private final ActivePolicy activePolicy;
    private final Pipeline pipeline;
    private final Meter meter;
    private final Tracing tracing;

    DataPlaneRoutes(ActivePolicy activePolicy, Pipeline pipeline, Meter meter, Tracing tracing) {
        this.activePolicy = activePolicy;
        this.pipeline = pipeline;
        this.meter = meter;
        this.tracing = tracing;
    }

    void register(@Observes Router router) {
        Set<String> paths = new LinkedHashSet<>();
        for (String prefix : new String[] {"/v1/", "/"}) {
            for (Endpoint endpoint : Endpoint.values()) {
                String path = prefix + endpoint.path().replace("{id}", ":id");
                String operation = endpoint.metricName();
                Handler<RoutingContext> handler = endpoint.storedResponse()
                        ? exchange -> pipeline.storedResponseCall(arrive(exchange, operation), endpoint, exchange.pathParam("id"))
                        : exchange -> pipeline.modelCall(arrive(exchange, operation), endpoint);
                router.route(endpoint.method(), path).order(ORDER).handler(handler);
                paths.add(path);
            }
            router.get(prefix + "models").order(ORDER).handler(exchange -> pipeline.modelList(arrive(exchange, "models")));
            router.getWithRegex(prefix.replace("/", "\\/") + "models\\/(?<id>.+)").order(ORDER)
                    .handler(exchange -> pipeline.model(arrive(exchange, "models"), exchange.pathParam("id")));
            router.get(prefix + "me").order(ORDER).handler(exchange -> pipeline.me(arrive(exchange, "me")));
            paths.add(prefix + "models");
            paths.add(prefix + "me");
        }
        // a known path called with another method: after every route, so POST and GET of one path both match first
        for (String path : paths) {
            router.route(path).handler(exchange -> Render.error(exchange, new GatewayException(ErrorKind.METHOD_NOT_ALLOWED,
                    exchange.request().method() + " is not supported on " + exchange.request().path()), Render.shapeOf(exchange.request())));
        }
        router.route("/v1/*").handler(exchange -> Render.error(exchange, new GatewayException(ErrorKind.NOT_FOUND,
                "Unknown endpoint " + exchange.request().path() + ". Modelgate serves " + SERVED + "."), Render.shapeOf(exchange.request())));
    }

    /**
     * A request becomes a call: decided against the snapshot in force now, traced when tracing is on (its span named
     * after the route until the call knows its operation and model), and metered once its exchange ends.
     */
    private Call arrive(RoutingContext exchange, String operation) {
        long now = System.nanoTime();
        Call call = new Call(operation, Render.shapeOf(exchange.request()), exchange, activePolicy.isLoaded() ? activePolicy.snapshot() : null,
                tracing.enabled() ? tracing.call(exchange.request().headers(), operation, now) : null);
        exchange.addEndHandler(ended -> meter.ended(call));
        return call;
    }
}
