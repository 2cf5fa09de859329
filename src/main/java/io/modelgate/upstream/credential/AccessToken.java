package io.modelgate.upstream.credential;

import java.time.Instant;

/**
 * A bearer token Modelgate presents to an upstream, and when it stops being valid. Never logged or returned:
 * {@link #toString()} hides the value.
 *
 * @param obtainedBy how it was obtained, when a credential can obtain tokens more than one way (an {@code azure_ad}
 *                   credential following Azure's default order); null otherwise
 */
public record AccessToken(String token, Instant expiresAt, String obtainedBy) {

    public AccessToken {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("an access token must not be empty");
        }
        if (expiresAt == null) {
            throw new IllegalArgumentException("an access token needs an expiry");
        }
    }

    public AccessToken(String token, Instant expiresAt) {
        this(token, expiresAt, null);
    }

    AccessToken obtainedBy(String how) {
        return new AccessToken(token, expiresAt, how);
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
