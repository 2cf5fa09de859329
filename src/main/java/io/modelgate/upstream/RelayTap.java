package io.modelgate.upstream;

import io.vertx.core.buffer.Buffer;

/**
 * Watches the answer relayed to a caller without changing it or holding it, for what the gateway must learn from
 * it (the id of a stored response). It sees each chunk as it is written, and the end.
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
        public void end() {
        }
    };

    Factory NO_TAP = (deployment, response) -> NONE;

    /** A chunk about to be written to the caller. */
    void chunk(Buffer chunk);

    /** The upstream's answer is complete; called before the caller's answer ends. */
    void end();
}
