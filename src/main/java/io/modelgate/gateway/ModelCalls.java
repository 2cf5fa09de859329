package io.modelgate.gateway;

import io.modelgate.inspect.Endpoint;
import io.modelgate.policy.Api;
import io.modelgate.inspect.InspectedBody;
import io.modelgate.inspect.InspectedForm;
import io.modelgate.inspect.ModelRequest;
import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.identity.Caller;
import io.modelgate.responses.StoredResponse;
import io.modelgate.responses.StoredResponses;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.snapshot.ServedModel;
import io.modelgate.upstream.Deployment;
import io.modelgate.upstream.DeploymentOrder;
import io.modelgate.upstream.RelayTap;
import io.modelgate.upstream.UpstreamCall;
import io.modelgate.usage.UsageConfig;
import io.modelgate.limits.Limits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Operations that name their model in the body (every one but those on a stored response): authenticate, read
 * the body, decide, pick the deployments (for a {@code previous_response_id} chain, only those where the previous
 * response lives), relay. A created response's id is recorded as it passes.
 */
@Singleton
class ModelCalls {

    /** Forms from this size on are scanned off the event loop. */
    private static final long LARGE_FORM = 1024 * 1024;

    private final Vertx vertx;
    private final DataPlane dataPlane;
    private final UpstreamRelay relay;
    private final StoredResponses storedResponses;
    private final StoredResponseTaps taps;
    private final long maxBodyBytes;
    private final long maxUploadBytes;
    private final boolean metering;
    private final Limits limits;

    ModelCalls(Vertx vertx, DataPlane dataPlane, UpstreamRelay relay, StoredResponses storedResponses, StoredResponseTaps taps,
            GatewayConfig config, UsageConfig usage, Limits limits) {
        this.metering = usage.enabled();
        this.limits = limits;
        this.vertx = vertx;
        this.dataPlane = dataPlane;
        this.relay = relay;
        this.storedResponses = storedResponses;
        this.taps = taps;
        this.maxBodyBytes = config.maxBodySize().asLongValue();
        this.maxUploadBytes = config.maxUploadSize().asLongValue();
    }

    void forward(RoutingContext ctx, Endpoint endpoint) {
        boolean multipart = endpoint.body() == Endpoint.Body.MULTIPART;
        RequestBody received = RequestBody.expect(ctx, multipart ? maxUploadBytes : maxBodyBytes);
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String forwardedType = multipart ? contentType : "application/json";
        dataPlane.serve(ctx, (snapshot, caller) -> received.read().compose(body -> inspect(body, multipart, contentType)).compose(request -> {
            ctx.put(CallFacts.MODEL, snapshot.model(request.model()).isPresent() ? request.model() : GatewayMetrics.OTHER);
            ServedModel model = DataPlane.authorise(ctx, snapshot, caller, request.model(), endpoint.api());
            Future<Void> admitting = LimitGate.admit(ctx, limits.book(), snapshot, caller, model.name(), endpoint.api().family());
            // admitted at once, or once a budget's spending before this replica counted it has been read
            return admitting == null ? call(ctx, endpoint, snapshot, caller, model, request, forwardedType)
                    : admitting.compose(admitted -> call(ctx, endpoint, snapshot, caller, model, request, forwardedType));
        }));
    }

    /** Forwards an admitted call to the model's deployments and relays the answer. */
    private Future<Void> call(RoutingContext ctx, Endpoint endpoint, PolicySnapshot snapshot, Caller caller, ServedModel model,
            ModelRequest request, String contentType) {
        // a chat or completions stream reports usage only when asked: ask for it, and take the extra chunk out again
        boolean askUsage = metering && request.stream() && !request.includesStreamUsage()
                && (endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.COMPLETIONS);
        ModelRequest forwarded = askUsage ? request.askingForStreamUsage() : request;
        UpstreamCall call = new UpstreamCall(endpoint, null, passedQuery(ctx, endpoint), forwarded::withModel, contentType,
                request.stream(), DataPlane.forwardedHeaders(ctx.request()), DataPlane.requestId(ctx));
        RelayTap.Factory usage = metering ? UsageTap.reading(ctx, endpoint.api().family(), askUsage) : RelayTap.NO_TAP;
        RelayTap.Factory tap = usage.then(endpoint == Endpoint.RESPONSES && request.stored()
                ? taps.recordingCreated(caller, model.name()) : RelayTap.NO_TAP);
        return deployments(snapshot, caller, model, endpoint, request)
                .compose(deployments -> relay.relay(ctx, model.name(), deployments, call, tap));
    }

    /**
     * Reads what decides the call from the body. A large form (an audio file) is scanned on a worker thread: its
     * delimiters take milliseconds to find in 25 MB, too long to hold an event loop.
     */
    private Future<ModelRequest> inspect(RequestBody body, boolean multipart, String contentType) {
        if (!multipart) {
            return Future.succeededFuture(InspectedBody.inspect(body.bytes()));
        }
        if (body.length() < LARGE_FORM) {
            return Future.succeededFuture(InspectedForm.inspect(body.buffer(), contentType));
        }
        return vertx.executeBlocking(() -> InspectedForm.inspect(body.buffer(), contentType), false);
    }

    /**
     * The deployments to try, in order: the model's, or for a {@code previous_response_id} chain those of them where
     * the previous response lives. A previous response the caller may not reach is reported as absent.
     */
    private Future<List<Deployment>> deployments(PolicySnapshot snapshot, Caller caller, ServedModel model, Endpoint endpoint,
            ModelRequest request) {
        String previous = request.previousResponseId();
        if (previous == null || endpoint.api() != Api.RESPONSES) {
            return Future.succeededFuture(DeploymentOrder.of(model.deployments(), ThreadLocalRandom.current()::nextDouble));
        }
        return storedResponses.find(previous).map(found -> {
            StoredResponse stored = found.filter(r -> r.reachableBy(caller)).orElseThrow(() -> new GatewayException(
                    ErrorKind.NOT_FOUND, "Previous response with id '" + previous + "' not found.", "previous_response_id"));
            List<Deployment> home = stored.homeAmong(model.deployments());
            if (home.isEmpty()) {
                throw new GatewayException(ErrorKind.INVALID_REQUEST, "The previous response '" + previous
                        + "' is kept by an upstream that model '" + model.name() + "' is not served by; continue it with model '"
                        + stored.model + "'.", "previous_response_id");
            }
            return DeploymentOrder.of(home, ThreadLocalRandom.current()::nextDouble);
        });
    }

    /** Anthropic's query ({@code ?beta=true}) travels on; OpenAI's create operations take none. */
    static String passedQuery(RoutingContext ctx, Endpoint endpoint) {
        return endpoint.passesQuery() ? ctx.request().query() : null;
    }
}
