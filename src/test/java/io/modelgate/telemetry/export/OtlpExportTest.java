package io.modelgate.telemetry.export;

import io.modelgate.testing.SpansEnded;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exporter reaches a collector over both of OTLP's protocols, as an SRE configures them: gRPC (Quarkus's default)
 * and HTTP/protobuf, gzip or not, with the configured headers; a collector's refusal is the export's failure, and the
 * next batch goes out whole all the same. The collectors here are real gRPC and HTTP servers (Vert.x's, on a Vert.x
 * of their own, as a collector runs apart from the gateway).
 */
class OtlpExportTest {

    /** Each test's own collectors, on a Vert.x of their own; the exporters on another, as a collector runs apart. */
    private Vertx vertx;
    private Vertx clients;
    private HttpServer grpcCollector;
    private HttpServer httpCollector;
    private static final List<Received> received = new CopyOnWriteArrayList<>();
    /** How many of the next exports each collector refuses. */
    private static final AtomicInteger refusals = new AtomicInteger();

    private record Received(String path, String authorization, ExportTraceServiceRequest request) {
        List<String> spanNames() {
            List<String> names = new ArrayList<>();
            for (ResourceSpans resource : request.getResourceSpansList()) {
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    scope.getSpansList().forEach(span -> names.add(span.getName()));
                }
            }
            return names;
        }
    }

    @BeforeEach
    void collectors() throws Exception {
        vertx = Vertx.vertx();
        clients = Vertx.vertx();
        GrpcServer grpc = GrpcServer.server(vertx).callHandler(call -> {
            List<Buffer> messages = new ArrayList<>();
            call.handler(messages::add).endHandler(end -> { // a unary call: answered once the request has ended
                if (refusals.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    call.response().status(GrpcStatus.UNAVAILABLE).end();
                    return;
                }
                for (Buffer message : messages) {
                    received.add(new Received("/" + call.fullMethodName(), call.headers().get("authorization"), parse(message.getBytes())));
                }
                call.response().end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
            });
        });
        grpcCollector = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(grpc)
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        httpCollector = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(request -> request.body()
                .onSuccess(body -> {
                    if (refusals.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                        request.response().setStatusCode(503).end();
                        return;
                    }
                    byte[] bytes = body.getBytes();
                    if ("gzip".equals(request.getHeader("Content-Encoding"))) {
                        bytes = gunzip(bytes);
                    }
                    received.add(new Received(request.path() + " " + request.getHeader("Content-Type"), request.getHeader("authorization"), parse(bytes)));
                    request.response().putHeader("Content-Type", "application/x-protobuf")
                            .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
                }))
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        clients.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /*
     * A gRPC exporter here sends one export: a second unary call on the same HTTP/2 connection was, one run in five,
     * never answered between Vert.x's gRPC client (Quarkus's sender) and server in this JVM, with the SDK's own
     * marshaler as with the gateway's; batches one after another are tested over HTTP.
     */
    @Test
    void grpcIsTheDefaultProtocolsCollectorReceivingABatch() {
        SpanExporter exporter = exporter(grpcCollector, OtlpExport.GRPC, false);
        received.clear();
        assertTrue(exporter.export(spans("chat gpt-4o", 3)).join(10, TimeUnit.SECONDS).isSuccess());

        assertEquals(1, received.size());
        assertEquals("/opentelemetry.proto.collector.trace.v1.TraceService/Export", received.get(0).path());
        assertEquals("Bearer collector-key", received.get(0).authorization(), "the configured headers go with each export");
        assertEquals(List.of("chat gpt-4o 0", "chat gpt-4o 1", "chat gpt-4o 2"), received.get(0).spanNames());
        assertEquals("modelgate", received.get(0).request().getResourceSpans(0).getResource().getAttributes(0).getValue().getStringValue());
        exporter.shutdown().join(10, TimeUnit.SECONDS);
    }

    @Test
    void httpProtobufWithGzipReachesTheTracesPathBatchAfterBatch() {
        SpanExporter exporter = exporter(httpCollector, OtlpExport.HTTP_PROTOBUF, true);
        received.clear();
        assertTrue(exporter.export(spans("responses gpt-5", 4)).join(10, TimeUnit.SECONDS).isSuccess());
        assertTrue(exporter.export(spans("chat claude", 2)).join(10, TimeUnit.SECONDS).isSuccess());

        assertEquals(2, received.size());
        assertEquals("/v1/traces application/x-protobuf", received.get(0).path());
        assertEquals("Bearer collector-key", received.get(0).authorization());
        assertEquals(4, received.get(0).spanNames().size());
        assertEquals(List.of("chat claude 0", "chat claude 1"), received.get(1).spanNames(), "the second batch, not what is left of the first");
        exporter.shutdown().join(10, TimeUnit.SECONDS);
    }

    @Test
    void aCollectorsRefusalFailsThatExportAndTheNextBatchArrivesWhole() {
        SpanExporter grpc = exporter(grpcCollector, OtlpExport.GRPC, false);
        refusals.set(1_000);
        CompletableResultCode refusedOverGrpc = grpc.export(spans("refused", 5)).join(20, TimeUnit.SECONDS);
        assertTrue(refusedOverGrpc.isDone());
        assertFalse(refusedOverGrpc.isSuccess(), "a collector that answers UNAVAILABLE fails the export");
        grpc.shutdown().join(10, TimeUnit.SECONDS);

        SpanExporter http = exporter(httpCollector, OtlpExport.HTTP_PROTOBUF, false);
        received.clear();
        CompletableResultCode refused = http.export(spans("refused", 5)).join(20, TimeUnit.SECONDS);
        assertTrue(refused.isDone());
        assertFalse(refused.isSuccess(), "a collector that answers 503 fails the export");
        refusals.set(0);
        assertTrue(http.export(spans("next", 2)).join(10, TimeUnit.SECONDS).isSuccess());
        assertEquals(List.of("next 0", "next 1"), received.get(received.size() - 1).spanNames());
        http.shutdown().join(10, TimeUnit.SECONDS);
    }

    @Test
    void anHttpExportRefusedTwiceArrivesOnTheThirdAttemptUnderTheEndpointsPath() {
        SpanExporter http = OtlpExport.exporter(URI.create("http://127.0.0.1:" + httpCollector.actualPort() + "/otlp/"), OtlpExport.HTTP_PROTOBUF,
                false, Duration.ofSeconds(5), OtlpExport.headers(List.of()), options -> { }, clients);
        received.clear();
        refusals.set(2);
        assertTrue(http.export(spans("retried", 3)).join(20, TimeUnit.SECONDS).isSuccess(), "a 503 is retried");
        assertEquals(1, received.size());
        assertEquals("/otlp/v1/traces application/x-protobuf", received.get(0).path());
        assertEquals(List.of("retried 0", "retried 1", "retried 2"), received.get(0).spanNames());
        http.shutdown().join(10, TimeUnit.SECONDS);
    }

    @Test
    void aProtocolOtlpDoesNotHaveForTracesIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> exporter(httpCollector, "http/json", false));
        assertTrue(refused.getMessage().contains("quarkus.otel.exporter.otlp.traces.protocol"), refused.getMessage());
    }

    private SpanExporter exporter(HttpServer collector, String protocol, boolean gzip) {
        return OtlpExport.exporter(URI.create("http://127.0.0.1:" + collector.actualPort()), protocol, gzip, Duration.ofSeconds(5),
                OtlpExport.headers(List.of("authorization=Bearer collector-key", "malformed")), options -> { }, clients);
    }

    /** Spans of the SDK's, named {@code name 0}, {@code name 1}, … */
    private static List<SpanData> spans(String name, int count) {
        List<SpanData> ended = new ArrayList<>();
        try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SpansEnded.into(ended))
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "modelgate"))).build()) {
            for (int i = 0; i < count; i++) {
                Span span = provider.get("io.modelgate").spanBuilder(name + " " + i).startSpan();
                span.setAttribute("gen_ai.request.model", name);
                span.end();
            }
        }
        return ended;
    }

    private static ExportTraceServiceRequest parse(byte[] bytes) {
        try {
            return ExportTraceServiceRequest.parseFrom(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
