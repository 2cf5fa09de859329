package io.modelgate.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real services every {@code @QuarkusTest} runs against, started once per application start:
 * a database of its own on the local PostgreSQL, a JWKS-serving identity provider, and a recording
 * OpenAI-compatible upstream that also supplies the bootstrap policy.
 */
@QuarkusTestResource(PostgresDatabase.class)
@QuarkusTestResource(TestIdentityProvider.class)
@QuarkusTestResource(TestUpstream.class)
public final class GatewayTestResources {
    private GatewayTestResources() {
    }
}
