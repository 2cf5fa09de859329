package io.modelgate.gateway;

import io.modelgate.access.AccessDecision;
import io.modelgate.access.ModelRef;
import io.modelgate.policy.Api;
import io.modelgate.inspect.Endpoint;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.snapshot.ServedModel;
import io.modelgate.usage.UsageRecord;
import io.modelgate.usage.UsageRecords;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The data plane, as plain Vert.x routes on the event loop: every {@link Endpoint} at {@code /v1/<path>} and at
 * {@code /<path>}, and {@code /v1/models}. Each request: verify the token → map roles → decide → pick deployments
 * → relay. The policy comes from the in-memory snapshot; nothing here touches the database or blocks (a stored
 * response's record is read on a worker thread).
 */
@ApplicationScoped
public class GatewayRoutes {

    /**
     * Where the data-plane routes sit among Quarkus's filters (a filter of priority p has order -p): after CORS
     * (300), ahead of the HTTP security filters (authentication 200, authorization 100). Every data-plane request
     * is authenticated and authorised here, and must be, to answer in its API's error format; running Quarkus's
     * lazy-authentication set-up, permission check and REST observability matching first cost about 8% of the
     * event loop's time per request in bench/ and decided nothing.
     */
    static final int DATA_PLANE_ORDER = -250;
    private static final String SERVED = Arrays.stream(Api.values()).map(Api::path).collect(Collectors.joining(", "))
            + ", /v1/models and /v1/me";

    private final DataPlane dataPlane;
    private final ModelCalls modelCalls;
    private final StoredResponseCalls storedResponseCalls;
    private final UsageRecords records;
    private final OwnUsage ownUsage;

    GatewayRoutes(DataPlane dataPlane, ModelCalls modelCalls, StoredResponseCalls storedResponseCalls, UsageRecords records,
            OwnUsage ownUsage) {
        this.ownUsage = ownUsage;
        this.dataPlane = dataPlane;
        this.modelCalls = modelCalls;
        this.storedResponseCalls = storedResponseCalls;
        this.records = records;
    }

    void register(@Observes Router router) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (String prefix : new String[] {"/v1/", "/"}) {
            for (Endpoint endpoint : Endpoint.values()) {
                String path = prefix + endpoint.path().replace("{id}", ":id");
                Handler<RoutingContext> handler = endpoint.storedResponse() ? ctx -> storedResponseCalls.forward(ctx, endpoint)
                        : ctx -> modelCalls.forward(ctx, endpoint);
                router.route(endpoint.method(), path).order(DATA_PLANE_ORDER).handler(measured(endpoint.metricName(), handler));
                paths.put(path, path);
            }
            router.get(prefix + "models").order(DATA_PLANE_ORDER).handler(measured("models", this::listModels));
            router.getWithRegex(prefix.replace("/", "\\/") + "models\\/(?<id>.+)").order(DATA_PLANE_ORDER)
                    .handler(measured("models", this::getModel));
            paths.put(prefix + "models", prefix + "models");
            router.get(prefix + "me").order(DATA_PLANE_ORDER).handler(measured("me",
                    ctx -> dataPlane.serve(ctx, (snapshot, caller) -> ownUsage.answer(ctx, snapshot, caller))));
            paths.put(prefix + "me", prefix + "me");
        }
        // a known path called with another method: after every route, so POST and GET of one path both match first
        for (String path : paths.keySet()) {
            router.route(path).handler(ctx -> ErrorResponses.send(ctx, new GatewayException(
                    ErrorKind.METHOD_NOT_ALLOWED, ctx.request().method() + " is not supported on " + ctx.request().path())));
        }
        router.route("/v1/*").handler(ctx -> ErrorResponses.send(ctx, new GatewayException(ErrorKind.NOT_FOUND,
                "Unknown endpoint " + ctx.request().path() + ". Modelgate serves " + SERVED + ".")));
    }

    /** Records a request once its response has ended (or its caller has gone): counted, timed, logged and metered off the event loop. */
    private Handler<RoutingContext> measured(String endpoint, Handler<RoutingContext> handler) {
        return ctx -> {
            long started = System.nanoTime();
            ctx.addEndHandler(done -> {
                UsageRecord record = CallFacts.record(ctx, endpoint, started);
                LimitGate.finish(ctx, record);
                records.publish(record);
            });
            handler.handle(ctx);
        };
    }

    private void listModels(RoutingContext ctx) {
        dataPlane.serve(ctx, (snapshot, caller) -> {
            DataPlane.requireGatewayRole(caller);
            JsonArray data = new JsonArray();
            for (ModelRef ref : snapshot.access().allowedModels(caller.gatewayRoles())) {
                snapshot.model(ref.name()).ifPresent(model -> data.add(modelJson(model)));
            }
            JsonObject list = new JsonObject().put("object", "list").put("data", data).put("has_more", false);
            if (!data.isEmpty()) { // Anthropic's list pages by id
                list.put("first_id", data.getJsonObject(0).getString("id")).put("last_id", data.getJsonObject(data.size() - 1).getString("id"));
            }
            return sendJson(ctx, list);
        });
    }

    private void getModel(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        dataPlane.serve(ctx, (snapshot, caller) -> {
            DataPlane.requireGatewayRole(caller);
            AccessDecision decision = snapshot.access().decide(caller.gatewayRoles(), id);
            // Denied and absent look the same here: a caller learns nothing of models it may not use.
            ServedModel model = snapshot.model(id).filter(m -> decision.allowed()).orElseThrow(() -> new GatewayException(
                    ErrorKind.MODEL_NOT_FOUND, "The model '" + id + "' does not exist or you do not have access to it.", "model"));
            return sendJson(ctx, modelJson(model));
        });
    }

    /**
     * A model as OpenAI's and Anthropic's model lists both describe one (each SDK reads its own fields and ignores
     * the others'), with the APIs it is served on.
     */
    private static JsonObject modelJson(ServedModel model) {
        Instant created = model.createdAt();
        JsonObject json = new JsonObject().put("id", model.name()).put("object", "model")
                .put("created", created.getEpochSecond()).put("owned_by", "modelgate")
                .put("type", "model").put("display_name", model.name()).put("created_at", created.toString());
        if (model.description() != null) {
            json.put("description", model.description());
        }
        JsonArray apis = new JsonArray();
        model.apis().stream().sorted().forEach(api -> apis.add(api.path()));
        return json.put("apis", apis);
    }

    private static Future<Void> sendJson(RoutingContext ctx, JsonObject json) {
        return ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json.toBuffer());
    }
}
