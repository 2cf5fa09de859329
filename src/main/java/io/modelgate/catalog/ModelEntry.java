package io.modelgate.catalog;

import io.modelgate.upstream.Deployment;

import java.time.Instant;
import java.util.List;

/** A model as the data plane serves it: its public name, listing details and deployments. */
public record ModelEntry(String name, String description, Instant createdAt, List<Deployment> deployments) {
    public ModelEntry {
        deployments = List.copyOf(deployments);
    }
}
