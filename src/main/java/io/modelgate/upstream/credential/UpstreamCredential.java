package io.modelgate.upstream.credential;

import io.modelgate.policy.CredentialValues;

/**
 * How Modelgate authenticates to an upstream: a named credential of the policy (or a deployment's own
 * {@code api_key}). Equal values share one token cache entry; an edited credential starts a new one.
 */
public record UpstreamCredential(String name, CredentialValues values) {
}
