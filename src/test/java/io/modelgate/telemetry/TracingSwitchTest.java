package io.modelgate.telemetry;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tracing is off until an operator names a collector, whichever way they name it; saying so outright wins. */
class TracingSwitchTest {

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withInterceptors(new TracingSwitch())
                .withSources(new PropertiesConfigSource(properties, "test", 250)).build();
    }

    private static String disabled(Map<String, String> properties) {
        return config(properties).getRawValue(TracingSwitch.SDK_DISABLED);
    }

    @Test
    void offWithoutAnEndpoint() {
        assertEquals("true", disabled(Map.of()));
        assertEquals("true", disabled(Map.of("quarkus.otel.exporter.otlp.endpoint", " ")), "a blank endpoint is none");
    }

    @Test
    void onOnceAnEndpointIsSet() {
        assertEquals("false", disabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317")));
        assertEquals("false", disabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4318")));
    }

    @Test
    void theOpenTelemetryOperatorsVariableTurnsItOnAndIsTheEndpoint() {
        Map<String, String> injected = Map.of("otel.exporter.otlp.endpoint", "http://collector.observability:4317");
        assertEquals("false", disabled(injected));
        assertEquals("http://collector.observability:4317", config(injected).getRawValue("quarkus.otel.exporter.otlp.endpoint"));
    }

    @Test
    void anExplicitSettingWins() {
        assertEquals("true", disabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317", TracingSwitch.SDK_DISABLED, "true")));
        assertEquals("false", disabled(Map.of(TracingSwitch.SDK_DISABLED, "false")));
    }
}
