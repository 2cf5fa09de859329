package io.modelgate.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real services every {@code @QuarkusTest} runs against, started once per application start:
 * a database of its own on the local PostgreSQL, a JWKS-serving identity provider, a recording
 * OpenAI-compatible upstream that also supplies the bootstrap policy, and an OTLP receiver the traces go to.
 */
@QuarkusTestResource(PostgresDatabase.class)
@QuarkusTestResource(TestIdentityProvider.class)
@QuarkusTestResource(TestUpstream.class)
@QuarkusTestResource(OtlpReceiver.class)
public final class GatewayTestResources {
    private GatewayTestResources() {
    }
}
