package io.modelgate.upstream;

import io.modelgate.policy.UpstreamKind;
import io.modelgate.upstream.credential.UpstreamCredential;
import io.modelgate.usage.TokenPrices;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * One upstream that serves a model, every default applied: where it is, what it calls the model, how to
 * authenticate.
 *
 * @param label         a short, secret-free name for logs and metrics, {@code kind/upstreamModel#n} (the model's n-th deployment)
 * @param kind          protocol flavour
 * @param baseUrl       e.g. {@code https://api.example.com/v1}; null for the mock
 * @param upstreamModel the model name the upstream expects (LiteLLM's {@code litellm_params.model} after the prefix)
 * @param credential    how Modelgate authenticates to the upstream, if it must
 * @param apiVersion    Azure's {@code api-version}; for Anthropic the {@code anthropic-version} sent when the caller sends none
 * @param weight        share of traffic among the model's deployments
 * @param connectTimeout connect timeout
 * @param readTimeout    idle timeout while waiting for upstream bytes
 * @param streamTimeout  the same for a streamed call
 * @param mock          behaviour for {@link UpstreamKind#MOCK}
 * @param prices        what its calls cost: its own {@code litellm_params} prices, else its model's
 * @param transport     what sends its calls, chosen when the snapshot is compiled: never looked up per call
 */
public record Deployment(String label, UpstreamKind kind, URI baseUrl, String upstreamModel, Optional<UpstreamCredential> credential,
        String apiVersion, int weight, Duration connectTimeout, Duration readTimeout, Duration streamTimeout, MockBehaviour mock,
        TokenPrices prices, UpstreamTransport transport) {

    /**
     * Where what this deployment stores (a Responses API answer) lives: its upstream and the account Modelgate
     * signs in with. Deployments of other models with the same home can read it; the upstream model does not matter.
     */
    public String home() {
        return kind.prefix() + " " + (baseUrl == null ? "" : baseUrl) + " " + credential.map(UpstreamCredential::name).orElse("");
    }
}
