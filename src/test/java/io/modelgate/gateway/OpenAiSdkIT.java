package io.modelgate.gateway;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same scenarios against the packaged application (the JAR, or the native binary with -Pnative). */
@QuarkusIntegrationTest
class OpenAiSdkIT extends OpenAiSdkTest {
}
