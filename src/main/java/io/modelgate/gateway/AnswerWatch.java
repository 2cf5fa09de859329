package io.modelgate.gateway;

import io.vertx.core.buffer.Buffer;

/**
 * Watches an answer as it is relayed to the caller, for what the gateway must learn from it (the usage it reports, the
 * id of a stored response), without holding it: it sees each chunk as it is about to be written, and the end. It passes
 * each chunk on unchanged, with two exceptions: what the gateway itself asked the upstream for on the caller's behalf
 * (a usage chunk) it may take out again, and a translated answer ({@link TranslatedAnswer}) is rewritten whole in the
 * caller's API.
 */
interface AnswerWatch {

    /** Watches nothing: every chunk is written as it came. */
    AnswerWatch PASS_THROUGH = new AnswerWatch() {
        @Override
        public Buffer chunk(Buffer chunk) {
            return chunk;
        }

        @Override
        public Buffer end() {
            return null;
        }
    };

    /** A chunk about to be written to the caller; returns what to write (null or empty: nothing, for now). */
    Buffer chunk(Buffer chunk);

    /** The upstream's answer is complete; returns what is left to write before the caller's answer ends, or null. */
    Buffer end();

    /** Whether the caller gets other bytes than the upstream sent: then the upstream's {@code Content-Length} is void. */
    default boolean rewrites() {
        return false;
    }

    /** Both watches: this one first, then {@code next} on what this one passes. */
    default AnswerWatch then(AnswerWatch next) {
        if (this == PASS_THROUGH) {
            return next;
        }
        if (next == PASS_THROUGH) {
            return this;
        }
        AnswerWatch first = this;
        return new AnswerWatch() {
            @Override
            public Buffer chunk(Buffer chunk) {
                Buffer passed = first.chunk(chunk);
                return passed == null || passed.length() == 0 ? passed : next.chunk(passed);
            }

            @Override
            public boolean rewrites() {
                return first.rewrites() || next.rewrites();
            }

            @Override
            public Buffer end() {
                Buffer rest = first.end();
                Buffer passed = rest == null || rest.length() == 0 ? null : next.chunk(rest);
                Buffer last = next.end();
                return passed == null ? last : last == null ? passed : passed.appendBuffer(last);
            }
        };
    }
}
