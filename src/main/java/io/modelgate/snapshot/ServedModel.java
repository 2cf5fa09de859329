package io.modelgate.snapshot;

import io.modelgate.policy.Api;
import io.modelgate.upstream.Deployment;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A model as the data plane serves it: its public name, what callers are told of it, its deployments, and the
 * APIs it is served on.
 */
public record ServedModel(String name, String description, Instant createdAt, List<Deployment> deployments, Set<Api> apis) {
    public ServedModel {
        deployments = List.copyOf(deployments);
    }

    /** Whether callers may call it on {@code api}. */
    public boolean serves(Api api) {
        return apis.contains(api);
    }
}
