package io.modelgate.gateway;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.identity.Caller;
import io.modelgate.inspect.Endpoint;
import io.modelgate.inspect.ModelRequest;
import io.modelgate.policy.Api;
import io.modelgate.responses.KeptResponses;
import io.modelgate.responses.StoredResponse;
import io.modelgate.responses.StoredResponses;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.snapshot.ServedModel;
import io.modelgate.upstream.Deployment;
import io.modelgate.upstream.DeploymentOrder;
import io.vertx.core.Future;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The route stage: the deployments a call goes to, in the order they are tried — a model's by weight, or, for what
 * continues or acts on a response an upstream stores, only those that reach where it lives (a conversation the gateway
 * keeps itself goes with the call, to any deployment). A stored response the caller may not
 * reach is reported as absent.
 */
@Singleton
final class Route {

    /** Where a call goes: the model it is for (as errors name it), and its deployments in the order they are tried. */
    record Target(String model, List<Deployment> deployments) {
    }

    /** Finds a stored response's record by id: {@link StoredResponses#find}. */
    @FunctionalInterface
    interface StoredResponseLookup {
        Future<Optional<StoredResponse>> find(String id);
    }

    private final StoredResponseLookup storedResponses;

    @Inject
    Route(StoredResponses storedResponses) {
        this(storedResponses::find);
    }

    Route(StoredResponseLookup storedResponses) {
        this.storedResponses = storedResponses;
    }

    /** A model call's deployments; for a {@code previous_response_id} chain, only those where the previous response lives. */
    Future<Target> modelCall(Call call, ServedModel model, Endpoint endpoint) {
        ModelRequest asked = call.asked();
        String previous = asked.previousResponseId();
        if (previous == null || endpoint.api() != Api.RESPONSES || model.translates(endpoint.api())) { // the gateway keeps those
            return Future.succeededFuture(new Target(model.name(), byWeight(model.deployments())));
        }
        if (KeptResponses.kept(previous)) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "The previous response '" + previous + "' was answered through"
                    + " translation and is kept by Modelgate; model '" + model.name() + "' is served natively on /v1/responses, by"
                    + " upstreams that keep their own. Continue it with a model served on /v1/responses through translation.",
                    "previous_response_id");
        }
        return storedResponses.find(previous).map(found -> {
            StoredResponse stored = found.filter(r -> r.reachableBy(call.caller())).orElseThrow(() -> new GatewayException(
                    ErrorKind.NOT_FOUND, "Previous response with id '" + previous + "' not found.", "previous_response_id"));
            List<Deployment> home = stored.homeAmong(model.deployments());
            if (home.isEmpty()) {
                throw new GatewayException(ErrorKind.INVALID_REQUEST, "The previous response '" + previous
                        + "' is kept by an upstream that model '" + model.name() + "' is not served by; continue it with model '"
                        + stored.model + "'.", "previous_response_id");
            }
            return new Target(model.name(), byWeight(home));
        });
    }

    /**
     * The stored response an operation acts on ({@code GET}/{@code DELETE /v1/responses/{id}}, …), and the deployments
     * that reach it: only for its owner, who must still be allowed to use its model, or a {@code proxy_admin}, who
     * reaches anyone's through whichever configured deployment has the home. Anyone else is told it does not exist.
     */
    Future<Target> storedResponse(Call call, String id) {
        Caller caller = call.caller();
        return storedResponses.find(id).map(found -> {
            StoredResponse stored = found.filter(r -> r.reachableBy(caller)).orElseThrow(() -> new GatewayException(
                    ErrorKind.NOT_FOUND, "Response with id '" + id + "' not found."));
            PolicySnapshot snapshot = call.snapshot;
            List<Deployment> home;
            if (stored.ownedBy(caller)) {
                home = stored.homeAmong(Decide.model(call, stored.model, Endpoint.RESPONSES.api()).deployments());
            } else {
                call.names(stored.model);
                home = stored.homeAmong(snapshot.model(stored.model).map(ServedModel::deployments).orElse(List.of()));
                if (home.isEmpty()) { // the model is gone or moved: any deployment with the home reaches it
                    home = stored.homeAmong(snapshot.models().values().stream().flatMap(m -> m.deployments().stream()).toList());
                }
            }
            if (home.isEmpty()) {
                throw new GatewayException(ErrorKind.NOT_FOUND, "Response with id '" + stored.id
                        + "' was kept by an upstream that is no longer configured.", null);
            }
            return new Target(stored.model, byWeight(home));
        });
    }

    private static List<Deployment> byWeight(List<Deployment> deployments) {
        return DeploymentOrder.of(deployments, ThreadLocalRandom.current()::nextDouble);
    }
}
