package io.modelgate.upstream.credential;

import java.util.Optional;

/**
 * How Modelgate authenticates to an upstream: a named source of keys or tokens, a failure policy,
 * and optionally the base URL and API version that come with it (LiteLLM credentials carry those).
 * Equal values share one token cache entry; an edited credential starts a new one.
 */
public record UpstreamCredential(String name, CredentialSource source, FailurePolicy onFailure,
        Optional<String> apiBase, Optional<String> apiVersion) {

    public UpstreamCredential(String name, CredentialSource source, FailurePolicy onFailure) {
        this(name, source, onFailure, Optional.empty(), Optional.empty());
    }
}
