package io.modelgate.snapshot;

import io.modelgate.policy.Api;
import io.modelgate.translate.ChatDialect;
import io.modelgate.upstream.Deployment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model as the data plane serves it: its public name, what callers are told of it, its deployments, the APIs it is
 * served on and the API its upstreams are called on for each ({@link Api#routes}), and the flavour of chat completions
 * its upstreams take when a call is translated to it.
 */
public record ServedModel(String name, String description, Instant createdAt, List<Deployment> deployments, Map<Api, Api> routes,
        ChatDialect dialect) {
    public ServedModel {
        deployments = List.copyOf(deployments);
        routes = Map.copyOf(routes);
    }

    /** Whether callers may call it on {@code api}. */
    public boolean serves(Api api) {
        return routes.containsKey(api);
    }

    /** The APIs callers may call it on. */
    public Set<Api> apis() {
        return routes.keySet();
    }

    /** The API its upstreams are called on when a caller calls {@code api}: the same one unless the call is translated. */
    public Api upstreamApi(Api api) {
        return routes.getOrDefault(api, api);
    }

    /** Whether a call on {@code api} is translated. */
    public boolean translates(Api api) {
        return upstreamApi(api) != api;
    }
}
