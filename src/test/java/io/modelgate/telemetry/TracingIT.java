package io.modelgate.telemetry;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The same traces from the packaged application (the JAR, or the native binary with -Pnative): its OTLP exporter,
 * which the application wires itself, reaches the collector there too.
 */
@QuarkusIntegrationTest
class TracingIT extends TracingTest {
}
