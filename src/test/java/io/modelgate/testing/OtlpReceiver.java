package io.modelgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector's trace endpoint on 127.0.0.1: it takes what the gateway's OTLP exporter really sends
 * ({@code POST /v1/traces}, protobuf, gzip or not), decodes it with the OTLP protocol's own classes and keeps the spans.
 * Every {@code @QuarkusTest} application exports to it, so tracing is on throughout the suite.
 */
public class OtlpReceiver implements QuarkusTestResourceLifecycleManager {

    private static volatile OtlpReceiver current;

    /** One received span, ids in hex, attributes as strings (an array's elements joined by commas). */
    public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind, Map<String, String> attributes,
            long startNanos, long endNanos, String statusCode, String serviceName) {
    }

    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private HttpServer server;

    public static OtlpReceiver current() {
        if (current == null) {
            throw new IllegalStateException("the OTLP receiver is not running");
        }
        return current;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/v1/traces", this::export);
        server.start();
        current = this;
        return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + server.getAddress().getPort(),
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                "quarkus.otel.bsp.schedule.delay", "50ms");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        current = null;
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
            for (ResourceSpans resource : request.getResourceSpansList()) {
                String service = resource.getResource().getAttributesList().stream().filter(a -> a.getKey().equals("service.name"))
                        .map(a -> a.getValue().getStringValue()).findFirst().orElse(null);
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    for (Span span : scope.getSpansList()) {
                        spans.add(received(span, service));
                    }
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0);
        }
    }

    private static ReceivedSpan received(Span span, String service) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue attribute : span.getAttributesList()) {
            attributes.put(attribute.getKey(), text(attribute.getValue()));
        }
        HexFormat hex = HexFormat.of();
        return new ReceivedSpan(hex.formatHex(span.getTraceId().toByteArray()), hex.formatHex(span.getSpanId().toByteArray()),
                hex.formatHex(span.getParentSpanId().toByteArray()), span.getName(), span.getKind(), attributes,
                span.getStartTimeUnixNano(), span.getEndTimeUnixNano(), span.getStatus().getCode().name(), service);
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case ARRAY_VALUE -> String.join(",", value.getArrayValue().getValuesList().stream().map(OtlpReceiver::text).toList());
            default -> value.toString();
        };
    }
}
