package io.modelgate.upstream.credential;

import io.modelgate.policy.CredentialValues;
import io.modelgate.secret.SecretRef;

/**
 * How Modelgate authenticates to an upstream: a named credential of the policy (or a deployment's own
 * {@code api_key}). Equal values share one token cache entry; an edited credential starts a new one.
 *
 * @param key the static key of an {@code api_key} credential, parsed once with the snapshot rather than per call;
 *            null for the kinds that obtain tokens
 */
public record UpstreamCredential(String name, CredentialValues values, SecretRef key) {

    public UpstreamCredential(String name, CredentialValues values) {
        this(name, values, values instanceof CredentialValues.ApiKey apiKey ? SecretRef.parse(apiKey.apiKey()) : null);
    }
}
