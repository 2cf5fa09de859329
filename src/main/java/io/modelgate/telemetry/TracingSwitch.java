package io.modelgate.telemetry;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

import java.util.List;

/**
 * Traces are exported only once an OTLP endpoint is configured: the OpenTelemetry SDK is off
 * ({@code quarkus.otel.sdk.disabled}) unless {@code quarkus.otel.exporter.otlp[.traces].endpoint} is set, or the
 * OpenTelemetry operator's {@code OTEL_EXPORTER_OTLP[_TRACES]_ENDPOINT}, which is then taken as the endpoint. Off, no
 * exporter runs and no span is made; an explicit {@code quarkus.otel.sdk.disabled} wins either way. Without this
 * switch the SDK would export to {@code localhost:4317} and log a failure every few seconds on every replica that has
 * no collector.
 */
@Priority(Priorities.APPLICATION + 100)
public class TracingSwitch implements ConfigSourceInterceptor {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    /** Quarkus's endpoint properties, each with the OpenTelemetry SDK's own name that stands in for it when it is unset. */
    private static final List<String[]> ENDPOINTS = List.of(
            new String[] {"quarkus.otel.exporter.otlp.traces.endpoint", "otel.exporter.otlp.traces.endpoint"},
            new String[] {"quarkus.otel.exporter.otlp.endpoint", "otel.exporter.otlp.endpoint"});

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        boolean unset = value == null || value.getConfigSourceOrdinal() == Integer.MIN_VALUE || value.getValue() == null;
        if (!unset) {
            return value;
        }
        if (SDK_DISABLED.equals(name)) {
            boolean configured = ENDPOINTS.stream().anyMatch(names -> set(context, names[0]) || set(context, names[1]));
            return ConfigValue.builder().withName(name).withValue(String.valueOf(!configured)).build();
        }
        for (String[] names : ENDPOINTS) {
            if (names[0].equals(name) && set(context, names[1])) {
                return ConfigValue.builder().withName(name).withValue(context.proceed(names[1]).getValue()).build();
            }
        }
        return value;
    }

    private static boolean set(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        return value != null && value.getConfigSourceOrdinal() != Integer.MIN_VALUE && value.getValue() != null
                && !value.getValue().isBlank();
    }
}
