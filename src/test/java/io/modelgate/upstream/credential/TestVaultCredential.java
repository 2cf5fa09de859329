package io.modelgate.upstream.credential;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** A custom credential as an operator would write one: a CDI bean selected by name from the policy. */
@ApplicationScoped
@Named("test-vault")
public class TestVaultCredential implements TokenCredential {

    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public AccessToken getToken(String scope) {
        return new AccessToken("vault-token-" + CALLS.incrementAndGet() + "-for-" + scope, Instant.now().plusSeconds(3600));
    }
}
