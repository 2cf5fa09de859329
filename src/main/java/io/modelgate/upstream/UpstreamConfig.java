package io.modelgate.upstream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Defaults for calls to upstream model endpoints; a deployment may override the timeouts. */
@ConfigMapping(prefix = "modelgate.upstream")
public interface UpstreamConfig {

    /** Base URL for {@code openai} deployments that give no {@code api_base} (and for unprefixed LiteLLM models). */
    @WithDefault("https://api.openai.com/v1")
    String defaultBaseUrl();

    /** {@code api-version} for Azure OpenAI deployments that give none. */
    @WithDefault("2024-10-21")
    String azureApiVersion();

    /** Base URL for {@code anthropic} deployments that give no {@code api_base}. */
    @WithDefault("https://api.anthropic.com")
    String anthropicBaseUrl();

    /** {@code anthropic-version} sent to {@code anthropic} deployments when neither the caller nor the deployment gives one. */
    @WithDefault("2023-06-01")
    String anthropicVersion();

    /** Time allowed to open a connection to an upstream. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest silence allowed while waiting for upstream bytes (response head or next chunk). */
    @WithDefault("300s")
    Duration readTimeout();

    /** Pooled keep-alive connections per upstream host and event loop (each event loop has its own pool). */
    @WithDefault("64")
    int maxConnectionsPerHost();
}
