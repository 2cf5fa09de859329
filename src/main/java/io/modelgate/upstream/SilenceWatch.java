package io.modelgate.upstream;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.streams.ReadStream;

/**
 * Ends an upstream exchange whose body falls silent for longer than the deployment allows (its {@code timeout},
 * or {@code stream_timeout} for a stream): Vert.x's request timeout stops at the response head. Chunks only note
 * when they came; one periodic sweep per event loop ({@link Sweep}), running while any body is being watched,
 * ends the exchanges that have been silent too long — a timer per exchange cost 5 % more CPU per request in
 * bench/ab.sh. An exchange is ended at most one sweep ({@value Sweep#TICK_MS} ms) late.
 */
final class SilenceWatch implements ReadStream<Buffer> {

    private final Sweep sweep;
    private final HttpClientRequest request;
    private final ReadStream<Buffer> body;
    private final long allowedNanos;
    private final String deployment;
    private long lastChunkNanos;
    private boolean timedOut;
    /** Neighbours in the sweep's list; {@code watching} while on it. */
    private SilenceWatch previous;
    private SilenceWatch next;
    private boolean watching;

    private SilenceWatch(Sweep sweep, HttpClientRequest request, ReadStream<Buffer> body, long allowedMillis, String deployment) {
        this.sweep = sweep;
        this.request = request;
        this.body = body;
        this.allowedNanos = allowedMillis * 1_000_000;
        this.deployment = deployment;
    }

    /** The exchange's body, watched from now until it ends or fails or {@link #stop()}. On its event loop's thread. */
    static SilenceWatch watch(Sweep sweep, HttpClientRequest request, ReadStream<Buffer> body, long allowedMillis, String deployment) {
        SilenceWatch watch = new SilenceWatch(sweep, request, body, allowedMillis, deployment);
        watch.lastChunkNanos = System.nanoTime();
        sweep.add(watch);
        return watch;
    }

    /** No more watching: the body ended or failed, or the exchange was abandoned. */
    void stop() {
        sweep.remove(this);
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        body.exceptionHandler(handler == null ? null : failure -> {
            stop();
            // the reset surfaces as Vert.x's StreamResetException: tell the relay what it was
            handler.handle(timedOut ? new UpstreamTimeoutException(deployment) : failure);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        body.handler(handler == null ? null : chunk -> {
            lastChunkNanos = System.nanoTime();
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        body.endHandler(v -> {
            stop();
            if (handler != null) {
                handler.handle(v);
            }
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        body.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        body.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        body.fetch(amount);
        return this;
    }

    /**
     * The bodies watched on one event loop, in a linked list only that loop's thread touches, and the periodic timer
     * that sweeps them while there are any.
     */
    static final class Sweep {
        static final long TICK_MS = 50;

        private final Vertx vertx;
        private SilenceWatch first;
        private long timer = -1;

        Sweep(Vertx vertx) {
            this.vertx = vertx;
        }

        private void add(SilenceWatch watch) {
            watch.next = first;
            if (first != null) {
                first.previous = watch;
            }
            first = watch;
            watch.watching = true;
            if (timer == -1) {
                timer = vertx.setPeriodic(TICK_MS, id -> sweep());
            }
        }

        private void remove(SilenceWatch watch) {
            if (!watch.watching) {
                return;
            }
            watch.watching = false;
            if (watch.previous != null) {
                watch.previous.next = watch.next;
            } else {
                first = watch.next;
            }
            if (watch.next != null) {
                watch.next.previous = watch.previous;
            }
            watch.previous = null;
            watch.next = null;
        }

        /** Ends what has been silent too long; with nothing left to watch, stops until the next body. */
        private void sweep() {
            long now = System.nanoTime();
            for (SilenceWatch watch = first; watch != null; ) {
                SilenceWatch following = watch.next;
                if (now - watch.lastChunkNanos >= watch.allowedNanos) {
                    remove(watch);
                    watch.timedOut = true;
                    watch.request.reset(0, new UpstreamTimeoutException(watch.deployment));
                }
                watch = following;
            }
            if (first == null) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
