package io.modelgate.snapshot;

import io.modelgate.upstream.Deployment;

import java.time.Instant;
import java.util.List;

/** A model as the data plane serves it: its public name, what callers are told of it, and its deployments. */
public record ServedModel(String name, String description, Instant createdAt, List<Deployment> deployments) {
    public ServedModel {
        deployments = List.copyOf(deployments);
    }
}
