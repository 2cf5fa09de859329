package io.modelgate.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Limits of the OpenAI-compatible data plane. */
@ConfigMapping(prefix = "modelgate.gateway")
public interface GatewayConfig {

    /** Largest request body accepted on /v1/chat/completions and /v1/embeddings; larger ones get 413. */
    @WithDefault("16M")
    MemorySize maxBodySize();

    /**
     * One log line per data-plane request (category {@code modelgate.access}, INFO): time, subject, model,
     * decision, status, latency and upstream deployment — never a token.
     */
    @WithDefault("true")
    boolean accessLog();

    /** Verified bearer tokens kept so repeat callers skip signature verification. */
    VerifiedTokenCacheConfig verifiedTokenCache();

    interface VerifiedTokenCacheConfig {
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
}
