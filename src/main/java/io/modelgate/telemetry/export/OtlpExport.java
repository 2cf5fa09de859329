package io.modelgate.telemetry.export;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.internal.grpc.GrpcExporter;
import io.opentelemetry.exporter.internal.http.HttpExporter;
import io.opentelemetry.exporter.otlp.internal.OtlpUserAgent;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.internal.ComponentId;
import io.opentelemetry.sdk.internal.StandardComponentId;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.opentelemetry.runtime.config.runtime.BatchSpanProcessorConfig;
import io.quarkus.opentelemetry.runtime.config.runtime.OTelRuntimeConfig;
import io.quarkus.opentelemetry.runtime.config.runtime.exporter.CompressionType;
import io.quarkus.opentelemetry.runtime.config.runtime.exporter.OtlpExporterConfig;
import io.quarkus.opentelemetry.runtime.config.runtime.exporter.OtlpExporterRuntimeConfig;
import io.quarkus.opentelemetry.runtime.exporter.otlp.sender.VertxGrpcSender;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where spans leave the process: the processor spans end into (Quarkus adds every {@link SpanProcessor} bean to the
 * OpenTelemetry SDK, and {@code Tracing} hands the gateway's call spans to the same beans), which writes call spans
 * into {@link CallSpanBatch} as they end and queues the SDK's own in the SDK's batch processor around
 * {@link OtlpSpanExporter}; both send to the endpoint Quarkus's {@code quarkus.otel.exporter.otlp.*} properties name,
 * over gRPC or HTTP/protobuf, with the same batch settings ({@code quarkus.otel.bsp.*}). Quarkus's own OTLP exporter is off
 * at build time ({@code quarkus.otel.exporter.otlp.enabled=false}): it would export the same spans a second time.
 * While tracing is off (no endpoint: {@code TracingSwitch}) this is a processor that does nothing and nothing is built.
 */
@Singleton
public class OtlpExport {

    /** The OTLP endpoint Quarkus and the OpenTelemetry SDK fall back to, which is not taken as a configured one. */
    private static final String DEFAULT_ENDPOINT = OtlpExporterConfig.DEFAULT_GRPC_BASE_URI;
    static final String GRPC = "grpc";
    static final String HTTP_PROTOBUF = "http/protobuf";

    @Produces
    @Singleton
    SpanProcessor spanExport(OTelRuntimeConfig otel, OtlpExporterRuntimeConfig exporter, Vertx vertx, TlsConfigurationRegistry tls) {
        URI endpoint = endpoint(exporter);
        if (otel.sdkDisabled() || endpoint == null) {
            return SpanProcessor.composite(); // does nothing, and Tracing leaves it out
        }
        BatchSpanProcessorConfig batch = otel.bsp();
        OtlpExporterConfig traces = exporter.traces();
        OtlpSpanExporter.Transport transport = transport(endpoint, traces.protocol().orElse(GRPC),
                traces.compression().map(CompressionType.GZIP::equals).orElse(false), traces.timeout(),
                headers(traces.headers().orElse(List.of())), new OtlpClientOptions(traces, endpoint, tls), vertx);
        SpanProcessor sdkSpans = BatchSpanProcessor.builder(new OtlpSpanExporter(transport))
                .setScheduleDelay(batch.scheduleDelay())
                .setMaxQueueSize(batch.maxQueueSize())
                .setMaxExportBatchSize(batch.maxExportBatchSize())
                .setExporterTimeout(batch.exportTimeout())
                .build();
        CallSpanBatch callSpans = new CallSpanBatch(transport, batch.maxExportBatchSize(), batch.scheduleDelay(), batch.maxQueueSize());
        // a batch's age is looked at four times a delay (at most every 10 ms): it leaves at most a quarter late
        long timer = vertx.setPeriodic(Math.max(10, batch.scheduleDelay().toMillis() / 4), id -> callSpans.flushIfDue());
        return new ExportingSpanProcessor(callSpans, sdkSpans, () -> vertx.cancelTimer(timer));
    }

    /** The traces endpoint, else the one for every signal; null when neither is set (or is the default). */
    static URI endpoint(OtlpExporterRuntimeConfig exporter) {
        String endpoint = exporter.traces().endpoint().map(String::trim).filter(OtlpExport::configured)
                .orElse(exporter.endpoint().map(String::trim).filter(OtlpExport::configured).orElse(null));
        return endpoint == null ? null : URI.create(endpoint);
    }

    private static boolean configured(String endpoint) {
        return !endpoint.isEmpty() && !DEFAULT_ENDPOINT.equals(endpoint);
    }

    /** An exporter of batches of spans to {@code endpoint} over {@code protocol}: see {@link #transport}. */
    static SpanExporter exporter(URI endpoint, String protocol, boolean gzip, Duration timeout, Map<String, String> headers,
            Consumer<HttpClientOptions> clientOptions, Vertx vertx) {
        return new OtlpSpanExporter(transport(endpoint, protocol, gzip, timeout, headers, clientOptions, vertx));
    }

    /**
     * What sends encoded batches of spans to {@code endpoint} over {@code protocol}, behind the SDK's exporter logic:
     * {@value #GRPC} through Quarkus's Vert.x sender, {@value #HTTP_PROTOBUF} through {@link OtlpHttpSender}.
     */
    static OtlpSpanExporter.Transport transport(URI endpoint, String protocol, boolean gzip, Duration timeout, Map<String, String> headers,
            Consumer<HttpClientOptions> clientOptions, Vertx vertx) {
        switch (protocol) {
            case GRPC -> {
                GrpcExporter<EncodedBatch> grpc = new GrpcExporter<>(
                        new VertxGrpcSender(endpoint, VertxGrpcSender.GRPC_TRACE_SERVICE_NAME, gzip, timeout, headers, clientOptions, vertx),
                        InternalTelemetryVersion.LATEST, component(StandardComponentId.ExporterType.OTLP_GRPC_SPAN_EXPORTER),
                        MeterProvider::noop, endpoint.toASCIIString());
                return OtlpSpanExporter.transport(grpc::export, grpc::shutdown);
            }
            case HTTP_PROTOBUF -> {
                HttpExporter<EncodedBatch> http = new HttpExporter<>(component(StandardComponentId.ExporterType.OTLP_HTTP_SPAN_EXPORTER),
                        new OtlpHttpSender(endpoint, gzip, timeout, headers, clientOptions, vertx),
                        MeterProvider::noop, InternalTelemetryVersion.LATEST, endpoint.toASCIIString());
                return OtlpSpanExporter.transport(http::export, http::shutdown);
            }
            default -> throw new IllegalArgumentException("quarkus.otel.exporter.otlp.traces.protocol is " + protocol
                    + ": traces are exported over " + GRPC + " or " + HTTP_PROTOBUF);
        }
    }

    private static StandardComponentId component(StandardComponentId.ExporterType type) {
        return ComponentId.generateLazy(type);
    }

    /** The configured headers ({@code key=value} each, as OTEL_EXPORTER_OTLP_HEADERS has them) and OTLP's user agent. */
    static Map<String, String> headers(List<String> configured) {
        Map<String, String> headers = new LinkedHashMap<>();
        OtlpUserAgent.addUserAgentHeader(headers::put);
        for (String header : configured) {
            int equals = header.indexOf('=');
            if (equals > 0) {
                headers.put(header.substring(0, equals).trim(), header.substring(equals + 1).trim());
            }
        }
        return headers;
    }
}
