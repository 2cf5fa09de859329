package io.modelgate.upstream;

import io.modelgate.upstream.credential.UpstreamCredential;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * One upstream that serves a model: where it is, what it calls the model, how to authenticate.
 *
 * @param id            database id, stable across snapshots (used in metrics and logs)
 * @param kind          protocol flavour
 * @param baseUrl       e.g. {@code https://api.example.com/v1}; null for the mock
 * @param upstreamModel the model name the upstream expects (LiteLLM's {@code litellm_params.model} after the prefix)
 * @param credential    how Modelgate authenticates to the upstream, if it must
 * @param apiVersion    Azure's {@code api-version}
 * @param weight        share of traffic among the model's deployments
 * @param connectTimeout connect timeout
 * @param readTimeout    idle timeout while waiting for upstream bytes
 * @param mock          behaviour for {@link UpstreamKind#MOCK}
 * @param label         a short, secret-free label for logs and metrics, {@code kind/upstreamModel#id}: derived by the
 *                      shorter constructor once per snapshot, as every relayed request names its deployment
 */
public record Deployment(long id, UpstreamKind kind, URI baseUrl, String upstreamModel, Optional<UpstreamCredential> credential,
        String apiVersion, int weight, Duration connectTimeout, Duration readTimeout, MockBehaviour mock, String label) {

    public Deployment(long id, UpstreamKind kind, URI baseUrl, String upstreamModel, Optional<UpstreamCredential> credential,
            String apiVersion, int weight, Duration connectTimeout, Duration readTimeout, MockBehaviour mock) {
        this(id, kind, baseUrl, upstreamModel, credential, apiVersion, weight, connectTimeout, readTimeout, mock,
                kind.prefix() + "/" + upstreamModel + "#" + id);
    }
}
