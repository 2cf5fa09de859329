package io.modelgate.upstream;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Watches the answer relayed to a caller without changing it, for what the gateway must learn from it (the id
 * of a stored response). It sees each chunk as it is written and may hold the end of the answer until what it
 * learnt is safely recorded.
 */
public interface RelayTap {

    /** Picks the tap for the answer a deployment gave; {@link #NONE} when there is nothing to learn from it. */
    @FunctionalInterface
    interface Factory {
        RelayTap open(Deployment deployment, UpstreamResponse response);
    }

    RelayTap NONE = new RelayTap() {
        @Override
        public void chunk(Buffer chunk) {
        }

        @Override
        public Future<Void> end() {
            return Future.succeededFuture();
        }
    };

    Factory NO_TAP = (deployment, response) -> NONE;

    /** A chunk about to be written to the caller. */
    void chunk(Buffer chunk);

    /** The upstream's answer is complete; the caller's ends once this completes (or fails). */
    Future<Void> end();
}
