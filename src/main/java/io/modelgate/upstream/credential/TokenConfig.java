package io.modelgate.upstream.credential;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How Modelgate keeps its own upstream tokens fresh. */
@ConfigMapping(prefix = "modelgate.upstream.token")
public interface TokenConfig {

    /** A token is refreshed this long before it expires (in the background; callers keep using the old one). */
    @WithDefault("60s")
    Duration refreshSkew();

    /** Attempts per refresh when the IdP fails transiently (unreachable, 5xx); a rejected client is not retried. */
    @WithDefault("3")
    int maxAttempts();

    /** First retry delay; it doubles per attempt (with full jitter) up to {@link #maxBackoff()}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("5s")
    Duration maxBackoff();

    /** After a failed refresh, calls needing a token fail (or proceed, per policy) at once for this long. */
    @WithDefault("10s")
    Duration failureCooldown();

    /** Tokens whose response says nothing of their lifetime are kept this long. */
    @WithDefault("300s")
    Duration defaultLifetime();

    /** Entra ID authority; tests point it at a local stub. */
    @WithDefault("https://login.microsoftonline.com")
    String azureAuthorityHost();

    /** The managed-identity (IMDS) token endpoint. */
    @WithDefault("http://169.254.169.254/metadata/identity/oauth2/token")
    String azureIdentityEndpoint();
}
