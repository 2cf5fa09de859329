package io.modelgate.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
