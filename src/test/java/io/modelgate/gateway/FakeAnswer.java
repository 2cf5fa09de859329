package io.modelgate.gateway;

import io.modelgate.upstream.UpstreamResponse;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * An upstream's answer as a test writes it: a status, headers and body chunks, emitted on the event loop while there
 * is demand, like a network stream (paused until read). It notes whether the gateway cancelled or discarded it.
 */
final class FakeAnswer implements UpstreamResponse {

    private final int status;
    private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    private final Deque<Buffer> chunks = new ArrayDeque<>();
    private final Context context = Vertx.currentContext();
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private boolean paused = true;
    private boolean ended;
    volatile boolean cancelled;
    volatile boolean discarded;

    FakeAnswer(int status, String contentType, List<String> chunks) {
        this.status = status;
        if (contentType != null) {
            headers.add("Content-Type", contentType);
        }
        chunks.forEach(chunk -> this.chunks.add(Buffer.buffer(chunk)));
    }

    FakeAnswer header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public MultiMap headers() {
        return headers;
    }

    @Override
    public ReadStream<Buffer> body() {
        return new ReadStream<>() {
            @Override
            public ReadStream<Buffer> exceptionHandler(Handler<Throwable> exceptionHandler) {
                return this;
            }

            @Override
            public ReadStream<Buffer> handler(Handler<Buffer> chunkHandler) {
                handler = chunkHandler;
                return this;
            }

            @Override
            public ReadStream<Buffer> pause() {
                paused = true;
                return this;
            }

            @Override
            public ReadStream<Buffer> resume() {
                paused = false;
                context.runOnContext(v -> emit());
                return this;
            }

            @Override
            public ReadStream<Buffer> fetch(long amount) {
                return resume();
            }

            @Override
            public ReadStream<Buffer> endHandler(Handler<Void> end) {
                endHandler = end;
                return this;
            }
        };
    }

    private void emit() {
        while (!paused && !cancelled && !chunks.isEmpty()) {
            handler.handle(chunks.poll());
        }
        if (chunks.isEmpty() && !ended && !cancelled) {
            ended = true;
            endHandler.handle(null);
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public void discard() {
        discarded = true;
    }
}
