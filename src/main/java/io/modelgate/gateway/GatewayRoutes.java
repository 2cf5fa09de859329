package io.modelgate.gateway;

import io.modelgate.error.GatewayException;
import io.modelgate.error.ErrorKind;
import io.modelgate.access.AccessDecision;
import io.modelgate.access.GatewayRoles;
import io.modelgate.access.ModelRef;
import io.modelgate.identity.Caller;
import io.modelgate.identity.CallerAuthenticator;
import io.modelgate.snapshot.ActivePolicy;
import io.modelgate.snapshot.ServedModel;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.upstream.DeploymentOrder;
import io.modelgate.upstream.Endpoint;
import io.modelgate.upstream.UpstreamCall;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;

/**
 * The OpenAI-compatible data plane, as plain Vert.x routes on the event loop: {@code /v1/chat/completions},
 * {@code /v1/embeddings}, {@code /v1/models} and {@code /v1/models/{id}}, also without the {@code /v1}
 * prefix. Each request: verify the token → map roles → decide → pick deployments → relay. The policy
 * comes from the in-memory snapshot; nothing here touches the database or blocks.
 */
@ApplicationScoped
public class GatewayRoutes {

    /** Caller headers that may travel upstream; everything else (Authorization, cookies) stays here. */
    private static final List<String> FORWARDED_HEADERS = List.of("Accept", "User-Agent", "OpenAI-Beta");
    /**
     * Where the data-plane routes sit among Quarkus's filters (a filter of priority p has order -p): after CORS
     * (300), ahead of the HTTP security filters (authentication 200, authorization 100). Every data-plane request
     * is authenticated and authorised here, and must be, to answer in OpenAI's error format; running Quarkus's
     * lazy-authentication set-up, permission check and REST observability matching first cost about 8% of the
     * event loop's time per request in bench/ and decided nothing.
     */
    static final int DATA_PLANE_ORDER = -250;


    private final ActivePolicy activePolicy;
    private final CallerAuthenticator authenticator;
    private final UpstreamRelay relay;
    private final GatewayMetrics metrics;
    private final AccessLogger accessLog;
    private final long maxBodyBytes;

    GatewayRoutes(ActivePolicy activePolicy, CallerAuthenticator authenticator, UpstreamRelay relay, GatewayMetrics metrics,
            AccessLogger accessLog, GatewayConfig config) {
        this.activePolicy = activePolicy;
        this.authenticator = authenticator;
        this.relay = relay;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.maxBodyBytes = config.maxBodySize().asLongValue();
    }

    void register(@Observes Router router) {
        for (String prefix : List.of("/v1", "")) {
            router.post(prefix + "/chat/completions").order(DATA_PLANE_ORDER)
                    .handler(measured("chat", ctx -> forward(ctx, Endpoint.CHAT_COMPLETIONS)));
            router.post(prefix + "/embeddings").order(DATA_PLANE_ORDER)
                    .handler(measured("embeddings", ctx -> forward(ctx, Endpoint.EMBEDDINGS)));
            router.get(prefix + "/models").order(DATA_PLANE_ORDER).handler(measured("models", this::listModels));
            router.getWithRegex(prefix + "/models/(?<id>.+)").order(DATA_PLANE_ORDER).handler(measured("models", this::getModel));
            for (String path : List.of("/chat/completions", "/embeddings", "/models")) {
                router.route(prefix + path).handler(ctx -> ErrorResponses.send(ctx, new GatewayException(
                        ErrorKind.METHOD_NOT_ALLOWED, ctx.request().method() + " is not supported on " + ctx.request().path())));
            }
        }
        router.route("/v1/*").handler(ctx -> ErrorResponses.send(ctx, new GatewayException(ErrorKind.NOT_FOUND,
                "Unknown endpoint " + ctx.request().path() + ". Modelgate serves /v1/chat/completions, /v1/embeddings and /v1/models.")));
    }

    /** Counts, times and logs a request once its response has ended (or its caller has gone). */
    private Handler<RoutingContext> measured(String endpoint, Handler<RoutingContext> handler) {
        return ctx -> {
            long started = System.nanoTime();
            ctx.addEndHandler(done -> {
                Duration duration = Duration.ofNanos(System.nanoTime() - started);
                metrics.request(endpoint, ctx.get(AccessLogger.MODEL, GatewayMetrics.NONE), ctx.get(AccessLogger.ROLE, GatewayMetrics.NONE),
                        ctx.response().getStatusCode(), duration);
                accessLog.record(ctx, duration);
            });
            handler.handle(ctx);
        };
    }

    private void forward(RoutingContext ctx, Endpoint endpoint) {
        HttpServerRequest request = ctx.request();
        request.pause(); // nothing is read before the caller is authenticated
        serve(ctx, (snapshot, caller) -> readBody(ctx).compose(bytes -> {
            InspectedBody body = InspectedBody.inspect(bytes);
            ctx.put(AccessLogger.MODEL, snapshot.model(body.model()).isPresent() ? body.model() : GatewayMetrics.OTHER);
            ServedModel model = authorise(ctx, snapshot, caller, body.model());
            String requestId = requestId(request);
            ctx.response().putHeader("X-Request-Id", requestId);
            UpstreamCall call = new UpstreamCall(endpoint, upstreamModel -> Buffer.buffer(body.withModel(upstreamModel)),
                    body.stream(), forwardedHeaders(request), requestId);
            return relay.relay(ctx, model.name(),
                    DeploymentOrder.of(model.deployments(), ThreadLocalRandom.current()::nextDouble), call);
        }));
    }

    private void listModels(RoutingContext ctx) {
        serve(ctx, (snapshot, caller) -> {
            requireGatewayRole(caller);
            JsonArray data = new JsonArray();
            for (ModelRef ref : snapshot.access().allowedModels(caller.gatewayRoles())) {
                snapshot.model(ref.name()).ifPresent(model -> data.add(modelJson(model)));
            }
            return sendJson(ctx, new JsonObject().put("object", "list").put("data", data));
        });
    }

    private void getModel(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        serve(ctx, (snapshot, caller) -> {
            requireGatewayRole(caller);
            AccessDecision decision = snapshot.access().decide(caller.gatewayRoles(), id);
            // Denied and absent look the same here: a caller learns nothing of models it may not use.
            ServedModel model = snapshot.model(id).filter(m -> decision.allowed()).orElseThrow(() -> new GatewayException(
                    ErrorKind.MODEL_NOT_FOUND, "The model '" + id + "' does not exist or you do not have access to it.", "model"));
            return sendJson(ctx, modelJson(model));
        });
    }

    /**
     * Runs a handler for an authenticated caller against the snapshot in force at arrival; any
     * failure, thrown or returned, ends the exchange with an OpenAI-shaped error.
     */
    private void serve(RoutingContext ctx, BiFunction<PolicySnapshot, Caller, Future<Void>> handler) {
        Future.<Void>succeededFuture()
                .compose(v -> {
                    PolicySnapshot snapshot = snapshot();
                    return authenticator.authenticate(ctx, snapshot.access())
                            .compose(caller -> {
                                ctx.put(AccessLogger.SUBJECT, caller.subject());
                                return handler.apply(snapshot, caller);
                            });
                })
                .onFailure(failure -> ErrorResponses.send(ctx, failure));
    }

    private static void requireGatewayRole(Caller caller) {
        if (caller.gatewayRoles().isEmpty()) {
            throw noGatewayRole();
        }
    }

    private PolicySnapshot snapshot() {
        if (!activePolicy.isLoaded()) {
            throw new GatewayException(ErrorKind.NOT_READY, "Modelgate is starting and has no policy loaded yet. Retry shortly.");
        }
        return activePolicy.snapshot();
    }

    /** Applies the access decision; returns the model to forward to or throws the caller's error. */
    private static ServedModel authorise(RoutingContext ctx, PolicySnapshot snapshot, Caller caller, String modelName) {
        AccessDecision decision = snapshot.access().decide(caller.gatewayRoles(), modelName);
        if (decision.allowed()) {
            ctx.put(AccessLogger.ROLE, decision.grantedBy());
        }
        return switch (decision.outcome()) {
            case ALLOWED -> snapshot.model(modelName).orElseThrow();
            case NO_GATEWAY_ROLE -> throw noGatewayRole();
            case UNKNOWN_MODEL -> throw new GatewayException(ErrorKind.MODEL_NOT_FOUND,
                    "The model '" + modelName + "' does not exist. GET /v1/models lists the models you may use.", "model");
            case NOT_PERMITTED -> {
                String message = "You are not permitted to use model '" + modelName + "'.";
                if (caller.gatewayRoles().contains(GatewayRoles.PROXY_ADMIN)) {
                    message += " Roles that may use it: " + snapshot.access().rolesPermitting(modelName) + ".";
                } else {
                    message += " GET /v1/models lists the models you may use; ask an operator for access.";
                }
                throw new GatewayException(ErrorKind.MODEL_NOT_PERMITTED, message, "model");
            }
        };
    }

    private static GatewayException noGatewayRole() {
        return new GatewayException(ErrorKind.NO_GATEWAY_ROLE,
                "Your token carries no role that grants access to Modelgate. Ask an operator to map one of your identity provider roles.");
    }

    /**
     * Reads the body of an authenticated caller, up to the limit. A client that waits for
     * {@code 100 Continue} (curl does for large bodies) is told to go on only now, after authentication.
     */
    private Future<byte[]> readBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared) > maxBodyBytes) {
                    return Future.failedFuture(tooLarge());
                }
            } catch (NumberFormatException e) {
                return Future.failedFuture(new GatewayException(ErrorKind.INVALID_REQUEST, "Content-Length is not a number."));
            }
        }
        Promise<byte[]> promise = Promise.promise();
        ReceivedBody body = new ReceivedBody();
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                promise.tryFail(tooLarge());
            } else {
                body.add(chunk);
            }
        });
        request.endHandler(v -> promise.tryComplete(body.bytes()));
        request.exceptionHandler(promise::tryFail);
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        request.resume();
        return promise.future();
    }

    /**
     * A body's chunks. Most bodies arrive in one chunk, which is kept as it came and copied once, into the
     * bytes the body inspection reads; only from a second chunk on are they gathered into a buffer of our own.
     */
    private static final class ReceivedBody {
        private Buffer first;
        private Buffer gathered;

        long length() {
            return gathered != null ? gathered.length() : first != null ? first.length() : 0;
        }

        void add(Buffer chunk) {
            if (gathered != null) {
                gathered.appendBuffer(chunk);
            } else if (first == null) {
                first = chunk;
            } else {
                gathered = Buffer.buffer(2 * (first.length() + chunk.length())).appendBuffer(first).appendBuffer(chunk);
                first = null;
            }
        }

        byte[] bytes() {
            return gathered != null ? gathered.getBytes() : first != null ? first.getBytes() : new byte[0];
        }
    }

    private GatewayException tooLarge() {
        return new GatewayException(ErrorKind.REQUEST_TOO_LARGE,
                "The request body is larger than the " + maxBodyBytes + " bytes this gateway accepts.");
    }

    private static MultiMap forwardedHeaders(HttpServerRequest request) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String name : FORWARDED_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.add(name, value);
            }
        }
        return headers;
    }

    /** The caller's X-Request-Id when it is a sane token, else a fresh one; echoed to the caller and upstream. */
    private static String requestId(HttpServerRequest request) {
        String given = request.getHeader("X-Request-Id");
        if (given != null && given.length() <= 128 && given.chars().allMatch(c -> c > 32 && c < 127)) {
            return given;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current(); // unique enough for tracing, and no SecureRandom lock
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static JsonObject modelJson(ServedModel model) {
        JsonObject json = new JsonObject().put("id", model.name()).put("object", "model")
                .put("created", model.createdAt().getEpochSecond()).put("owned_by", "modelgate");
        if (model.description() != null) {
            json.put("description", model.description());
        }
        return json;
    }

    private static Future<Void> sendJson(RoutingContext ctx, JsonObject json) {
        return ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json.toBuffer());
    }
}
