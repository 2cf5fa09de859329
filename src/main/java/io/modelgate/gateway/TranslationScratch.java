package io.modelgate.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * The buffers a translated stream is read from and written into, one pair per thread (an event loop), reused call
 * after call; what leaves is copied out at its exact length. A buffer of its own per upstream piece — sized by a
 * guess, grown by doubling, each size copied and dropped — was most of what a translated stream allocated, and on a
 * busy gateway young collections follow allocation: the translated Responses stream cost 1.45x the native one under
 * the bench's 80 MiB young generation and 1.2x under 400 MiB (bench/CHANGES.md, session 25). A piece larger than
 * {@link #KEPT} is read and written in buffers that are not kept, so one huge answer does not hold memory afterwards.
 */
final class TranslationScratch {

    /** The largest buffer a thread keeps between calls. */
    static final int KEPT = 64 * 1024;
    private static final int INITIAL = 8 * 1024;
    private static final ThreadLocal<TranslationScratch> PER_THREAD = ThreadLocal.withInitial(TranslationScratch::new);

    private byte[] in = new byte[INITIAL];
    private ByteBuf out = Unpooled.buffer(INITIAL);

    private TranslationScratch() {
    }

    /** This thread's buffers: for use within one call (nothing written to them outlives it). */
    static TranslationScratch get() {
        return PER_THREAD.get();
    }

    /** {@code piece}'s bytes, in this thread's input array (from index 0), valid until the next call. */
    byte[] in(Buffer piece) {
        int length = piece.length();
        if (in.length < length) {
            in = new byte[Math.max(length, 2 * in.length)];
        }
        piece.getBytes(0, length, in, 0);
        byte[] read = in;
        if (in.length > KEPT) {
            in = new byte[INITIAL]; // the large one is the caller's for this call only
        }
        return read;
    }

    /** This thread's output buffer, emptied; what is written to it is taken with {@link #taken}. */
    ByteBuf out() {
        if (out.capacity() > KEPT) {
            out = Unpooled.buffer(INITIAL);
        }
        return out.clear();
    }

    /**
     * What leaves: the bytes written to {@code out} since {@link #out()}, after {@code held} (events kept back from an
     * earlier call; null: none), copied into one buffer of their exact length.
     */
    static ByteBuf taken(ByteBuf held, ByteBuf out) {
        return held == null ? Unpooled.copiedBuffer(out) : Unpooled.copiedBuffer(held, out);
    }
}
