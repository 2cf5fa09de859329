package io.modelgate.upstream;

import io.vertx.core.buffer.Buffer;

/**
 * Watches the answer relayed to a caller for what the gateway must learn from it (the id of a stored response, the
 * usage reported), without holding it. It sees each chunk as it is about to be written, and the end. It passes each
 * chunk on unchanged, with one exception: what the gateway itself asked the upstream for on the caller's behalf
 * (a usage chunk) it may take out again.
 */
public interface RelayTap {

    /** Picks the tap for the answer a deployment gave; {@link #NONE} when there is nothing to learn from it. */
    @FunctionalInterface
    interface Factory {
        RelayTap open(Deployment deployment, UpstreamResponse response);

        /** Both taps: this one first, then {@code next} on what this one passes. */
        default Factory then(Factory next) {
            if (this == NO_TAP) {
                return next;
            }
            if (next == NO_TAP) {
                return this;
            }
            return (deployment, response) -> {
                RelayTap first = open(deployment, response);
                RelayTap second = next.open(deployment, response);
                return new RelayTap() {
                    @Override
                    public Buffer chunk(Buffer chunk) {
                        Buffer passed = first.chunk(chunk);
                        return passed == null || passed.length() == 0 ? passed : second.chunk(passed);
                    }

                    @Override
                    public Buffer end() {
                        Buffer rest = first.end();
                        Buffer passed = rest == null || rest.length() == 0 ? null : second.chunk(rest);
                        Buffer last = second.end();
                        return passed == null ? last : last == null ? passed : passed.appendBuffer(last);
                    }
                };
            };
        }
    }

    RelayTap NONE = new RelayTap() {
        @Override
        public Buffer chunk(Buffer chunk) {
            return chunk;
        }

        @Override
        public Buffer end() {
            return null;
        }
    };

    Factory NO_TAP = (deployment, response) -> NONE;

    /** A chunk about to be written to the caller; returns what to write (null or empty: nothing, for now). */
    Buffer chunk(Buffer chunk);

    /** The upstream's answer is complete; returns what is left to write before the caller's answer ends, or null. */
    Buffer end();
}
