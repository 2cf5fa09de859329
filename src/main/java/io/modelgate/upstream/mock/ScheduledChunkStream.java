package io.modelgate.upstream.mock;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A body that emits prepared chunks on the event loop, the first at once and each next one after a
 * delay, honouring pause/fetch like a network stream. It starts paused, as an HTTP response does.
 */
final class ScheduledChunkStream implements ReadStream<Buffer> {

    private final Vertx vertx;
    private final Deque<Buffer> chunks;
    private final long delayMs;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private long demand;
    private long timerId = -1;
    private boolean first = true;
    private boolean ended;
    private boolean cancelled;

    ScheduledChunkStream(Vertx vertx, List<Buffer> chunks, long delayMs) {
        this.vertx = vertx;
        this.chunks = new ArrayDeque<>(chunks);
        this.delayMs = delayMs;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        schedule();
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        demand = 0;
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        demand = Long.MAX_VALUE - demand < amount ? Long.MAX_VALUE : demand + amount;
        schedule();
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        schedule();
        return this;
    }

    /** Stops emitting; nothing more is delivered. */
    void cancel() {
        cancelled = true;
        if (timerId != -1) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    private void schedule() {
        if (cancelled || ended || timerId != -1 || demand == 0 || handler == null) {
            return;
        }
        long delay = first || chunks.isEmpty() ? 1 : Math.max(1, delayMs);
        first = false;
        timerId = vertx.setTimer(delay, id -> {
            timerId = -1;
            emit();
        });
    }

    private void emit() {
        if (cancelled) {
            return;
        }
        Buffer chunk = chunks.poll();
        if (chunk == null) {
            ended = true;
            if (endHandler != null) {
                endHandler.handle(null);
            }
            return;
        }
        if (demand != Long.MAX_VALUE) {
            demand--;
        }
        handler.handle(chunk);
        if (chunks.isEmpty() && !cancelled) {
            // the end follows the last chunk at once, as a network upstream's terminating chunk does: clients that stop
            // reading at a stream's last event (Codex at response.completed) must not see the answer cut short
            ended = true;
            if (endHandler != null) {
                endHandler.handle(null);
            }
            return;
        }
        schedule();
    }
}
