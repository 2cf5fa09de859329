package io.modelgate.gateway;

import io.modelgate.inspect.Endpoint;
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
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Operations on a stored response ({@code GET}/{@code DELETE /v1/responses/{id}}, {@code …/cancel},
 * {@code …/input_items}): sent only to where the response lives, and only for its owner or a {@code proxy_admin}.
 * Anyone else is told it does not exist, as is a caller asking for an id the gateway never saw.
 */
@Singleton
class StoredResponseCalls {

    private final DataPlane dataPlane;
    private final UpstreamRelay relay;
    private final StoredResponses storedResponses;
    private final StoredResponseTaps taps;

    StoredResponseCalls(DataPlane dataPlane, UpstreamRelay relay, StoredResponses storedResponses, StoredResponseTaps taps) {
        this.dataPlane = dataPlane;
        this.relay = relay;
        this.storedResponses = storedResponses;
        this.taps = taps;
    }

    void forward(RoutingContext ctx, Endpoint endpoint) {
        String id = ctx.pathParam("id");
        dataPlane.serve(ctx, (snapshot, caller) -> {
            DataPlane.requireGatewayRole(caller);
            return storedResponses.find(id).compose(found -> {
                StoredResponse stored = found.filter(r -> r.reachableBy(caller)).orElseThrow(() -> notFound(id));
                ctx.put(CallFacts.MODEL, snapshot.model(stored.model).isPresent() ? stored.model : GatewayMetrics.OTHER);
                List<Deployment> home = home(ctx, snapshot, caller, stored);
                UpstreamCall call = new UpstreamCall(endpoint, id, ModelCalls.passedQuery(ctx, endpoint), null, null, false,
                        DataPlane.forwardedHeaders(ctx.request()), DataPlane.requestId(ctx));
                RelayTap.Factory tap = endpoint == Endpoint.RESPONSE_DELETE ? taps.forgettingDeleted(id) : RelayTap.NO_TAP;
                return relay.relay(ctx, stored.model, home, call, tap);
            });
        });
    }

    /**
     * The deployments that can reach the response: its model's deployments with its home. Its owner must still be
     * allowed to use the model; a proxy_admin reaches anyone's, through whichever configured deployment has the home.
     */
    private static List<Deployment> home(RoutingContext ctx, PolicySnapshot snapshot, Caller caller, StoredResponse stored) {
        List<Deployment> home;
        if (stored.ownedBy(caller)) {
            home = stored.homeAmong(DataPlane.authorise(ctx, snapshot, caller, stored.model, Endpoint.RESPONSES.api()).deployments());
        } else {
            home = stored.homeAmong(snapshot.model(stored.model).map(ServedModel::deployments).orElse(List.of()));
            if (home.isEmpty()) { // the model is gone or moved: any deployment with the home reaches it
                home = stored.homeAmong(snapshot.models().values().stream().flatMap(m -> m.deployments().stream()).toList());
            }
        }
        if (home.isEmpty()) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "Response with id '" + stored.id
                    + "' was kept by an upstream that is no longer configured.", null);
        }
        return DeploymentOrder.of(home, ThreadLocalRandom.current()::nextDouble);
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(ErrorKind.NOT_FOUND, "Response with id '" + id + "' not found.");
    }
}
