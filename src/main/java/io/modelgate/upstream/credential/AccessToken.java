package io.modelgate.upstream.credential;

import java.time.Instant;

/**
 * A bearer token Modelgate presents to an upstream, and when it stops being valid.
 * Never logged or returned: {@link #toString()} hides the value.
 */
public record AccessToken(String token, Instant expiresAt) {

    public AccessToken {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("an access token must not be empty");
        }
        if (expiresAt == null) {
            throw new IllegalArgumentException("an access token needs an expiry");
        }
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
