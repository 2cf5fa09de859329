package io.modelgate.store;

import io.modelgate.policy.PolicyDocument;

import java.time.Instant;
import java.util.Map;

/**
 * The policy as the database holds it: the document, the version every committed change bumps, when that
 * version was committed, and when each model was first stored (callers see it as the model's {@code created}).
 */
public record StoredPolicy(long version, Instant changedAt, PolicyDocument document, Map<String, Instant> modelsCreatedAt) {

    public StoredPolicy {
        modelsCreatedAt = Map.copyOf(modelsCreatedAt);
    }
}
