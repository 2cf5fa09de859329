package io.modelgate.e2e;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The Keycloak scenarios against the packaged application (the JAR, or the native binary with -Pnative). */
@QuarkusIntegrationTest
class KeycloakEndToEndIT extends KeycloakEndToEndTest {
}
