package io.modelgate.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Verified bearer tokens kept so repeat callers skip signature verification. */
@ConfigMapping(prefix = "modelgate.gateway.verified-token-cache")
public interface VerifiedTokenConfig {

    /** How many verified tokens are kept (least recently used go first); 0 turns the cache off. */
    @WithDefault("10000")
    long maxEntries();

    /**
     * Longest a verified token is trusted without verifying it again, even if it lives longer; bounds how
     * long a token signed with a key the IdP has since withdrawn keeps working.
     */
    @WithDefault("5m")
    Duration maxAge();
}
