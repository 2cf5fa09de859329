package io.modelgate.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the OpenAI-compatible data plane. */
@ConfigMapping(prefix = "modelgate.gateway")
public interface GatewayConfig {

    /** Largest JSON request body accepted on the data plane; larger ones get 413. */
    @WithDefault("16M")
    MemorySize maxBodySize();

    /** Largest multipart form accepted (audio transcriptions and translations, image edits: OpenAI takes 25 MB files). */
    @WithDefault("32M")
    MemorySize maxUploadSize();

    /**
     * One log line per data-plane request (category {@code modelgate.access}, INFO): time, subject, model,
     * decision, status, latency and upstream deployment — never a token.
     */
    @WithDefault("true")
    boolean accessLog();
}
