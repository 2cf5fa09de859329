package io.modelgate.telemetry.export;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.opentelemetry.exporter.internal.http.HttpSender;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.tracing.TracingPolicy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * OTLP/HTTP's sender ({@code http/protobuf}): a request's body is written once, on the thread that exports (the one
 * draining call records, or the SDK batch processor's), into a direct buffer kept from request to request, which an
 * event loop hands to the socket as it is. Quarkus's sender writes the body on an event loop into a new heap buffer (zeroed, and more than half
 * a G1 region for a batch of 2,048 spans: allocated outside the young generation), which Netty then copies again into
 * direct memory: ~0.6 µs a call on the event loops at 100 % sampling (bench/CHANGES.md, session 28). Retried as
 * Quarkus's is: a connection that could not be made, a request that failed or a 5xx answer, three attempts in all.
 */
final class OtlpHttpSender implements HttpSender {

    static final String TRACES_PATH = "/v1/traces";
    private static final int MOST_ATTEMPTS = 3;
    private static final long RETRY_DELAY_MILLIS = 100;
    private static final int MOST_SPARE_BODIES = 4;

    private final Vertx vertx;
    private final HttpClient client;
    private final String path;
    private final boolean gzip;
    private final Map<String, String> headers;
    private final AtomicBoolean shutdown = new AtomicBoolean();
    /**
     * Bodies sent, kept for the next requests: a pooled buffer of a batch's size, allocated here and released on an
     * event loop, went back to Netty's arena rather than to this thread's cache and often took a new chunk (4 MiB
     * allocated and zeroed) with it.
     */
    private final ArrayDeque<ByteBuf> spareBodies = new ArrayDeque<>();

    OtlpHttpSender(URI endpoint, boolean gzip, Duration timeout, Map<String, String> headers, Consumer<HttpClientOptions> clientOptions,
            Vertx vertx) {
        HttpClientOptions options = new HttpClientOptions()
                .setDefaultHost(endpoint.getHost())
                .setDefaultPort(endpoint.getPort() > 0 ? endpoint.getPort() : "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80)
                .setReadIdleTimeout((int) Math.max(1, timeout.toSeconds()))
                .setTracingPolicy(TracingPolicy.IGNORE); // the exporter's own calls are not traced
        clientOptions.accept(options);
        this.vertx = vertx;
        this.client = vertx.createHttpClient(options);
        this.path = basePath(endpoint) + TRACES_PATH;
        this.gzip = gzip;
        this.headers = Map.copyOf(headers);
    }

    /** The endpoint's path, the signal's added after it: {@code http://collector:4318/otlp/} sends to {@code /otlp/v1/traces}. */
    static String basePath(URI endpoint) {
        String path = endpoint.getPath() == null ? "" : endpoint.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() || path.startsWith("/") ? path : "/" + path;
    }

    @Override
    public void send(Marshaler request, int contentLength, Consumer<Response> onResponse, Consumer<Throwable> onError) {
        if (shutdown.get()) {
            onError.accept(new IllegalStateException("the OTLP exporter has been shut down"));
            return;
        }
        ByteBuf body;
        try {
            body = body(request, contentLength);
        } catch (IOException | RuntimeException e) {
            onError.accept(e);
            return;
        }
        attempt(body, 1).onComplete(result -> {
            spare(body); // every attempt's write is over (attempt waits for it)
            if (result.succeeded()) {
                onResponse.accept(result.result());
            } else {
                onError.accept(result.cause());
            }
        });
    }

    /** The request's bytes (compressed when configured) in a direct buffer, which the caller gives back ({@link #spare}). */
    private ByteBuf body(Marshaler request, int contentLength) throws IOException {
        ByteBuf body;
        synchronized (spareBodies) {
            body = spareBodies.poll();
        }
        if (body == null) {
            body = Unpooled.directBuffer(gzip ? Math.max(1024, contentLength / 4) : contentLength);
        }
        body.clear();
        try {
            if (!gzip && request instanceof EncodedBatch batch) {
                batch.writeTo(body);
            } else {
                try (OutputStream out = gzip ? new GZIPOutputStream(new ByteBufOutputStream(body)) : new ByteBufOutputStream(body)) {
                    request.writeBinaryTo(out);
                }
            }
            return body;
        } catch (IOException | RuntimeException e) {
            spare(body);
            throw e;
        }
    }

    /** Keeps a body whose sending is over for another request; beyond a few (as many as are sent at once), frees it. */
    private void spare(ByteBuf body) {
        synchronized (spareBodies) {
            if (spareBodies.size() < MOST_SPARE_BODIES && !shutdown.get()) {
                spareBodies.push(body);
                return;
            }
        }
        body.release();
    }

    /** One attempt and, while it may be retried, the next ones: done once its body is written, whatever the outcome. */
    private Future<Answer> attempt(ByteBuf body, int attempt) {
        Future<Answer> answered = client.request(HttpMethod.POST, path).compose(request -> send(request, body));
        return answered.transform(result -> {
            boolean retried = attempt < MOST_ATTEMPTS && !shutdown.get() && (result.failed() || result.result().statusCode() >= 500);
            if (!retried) {
                return result.succeeded() ? Future.succeededFuture(result.result()) : Future.failedFuture(result.cause());
            }
            return Future.<Long>future(timer -> vertx.setTimer(RETRY_DELAY_MILLIS * attempt, timer::complete))
                    .compose(timer -> attempt(body, attempt + 1));
        });
    }

    private Future<Answer> send(HttpClientRequest request, ByteBuf body) {
        request.putHeader(HttpHeaders.CONTENT_TYPE, "application/x-protobuf");
        if (gzip) {
            request.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        headers.forEach(request::putHeader);
        // Netty writes from the buffer itself (direct): the answer may come before the write is over, and the buffer must
        // not be written again before it is
        Future<Void> written = request.end(Buffer.buffer(body));
        return request.response()
                .compose(response -> response.body().map(bytes -> new Answer(response.statusCode(), response.statusMessage(), bytes)))
                .eventually(() -> written);
    }

    /** The collector's answer, as the SDK's exporter reads it (a status, and the body for a refusal's message). */
    private record Answer(int statusCode, String statusMessage, Buffer body) implements Response {

        @Override
        public byte[] responseBody() {
            return body.getBytes();
        }
    }

    @Override
    public CompletableResultCode shutdown() {
        CompletableResultCode closed = new CompletableResultCode();
        if (!shutdown.compareAndSet(false, true)) {
            return closed.succeed();
        }
        synchronized (spareBodies) {
            spareBodies.forEach(ByteBuf::release);
            spareBodies.clear();
        }
        client.close().onComplete(result -> {
            if (result.succeeded()) {
                closed.succeed();
            } else {
                closed.fail();
            }
        });
        return closed;
    }
}
