package io.modelgate.inspect;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;

/** Byte ranges of a body replaced by other bytes (in ascending order, not overlapping): the rest is left as it is. */
final class Splices {

    private record Splice(int start, int end, byte[] replacement) {
    }

    private final List<Splice> splices = new ArrayList<>(2);

    void add(int start, int end, byte[] replacement) {
        Splice splice = new Splice(start, end, replacement);
        int at = splices.size();
        while (at > 0 && splices.get(at - 1).start() > start) {
            at--;
        }
        splices.add(at, splice);
    }

    /** The spliced body {@code body[start..end)} in one new array. */
    byte[] apply(byte[] body, int start, int end) {
        int length = end - start;
        for (Splice splice : splices) {
            length += splice.replacement().length - (splice.end() - splice.start());
        }
        byte[] result = new byte[length];
        int from = start;
        int to = 0;
        for (Splice splice : splices) {
            System.arraycopy(body, from, result, to, splice.start() - from);
            to += splice.start() - from;
            System.arraycopy(splice.replacement(), 0, result, to, splice.replacement().length);
            to += splice.replacement().length;
            from = splice.end();
        }
        System.arraycopy(body, from, result, to, end - from);
        return result;
    }

    /** The spliced body {@code body[start..end)} as slices of the original and the replacements, nothing copied. */
    ByteBuf wrap(byte[] body, int start, int end) {
        if (splices.isEmpty()) {
            return Unpooled.wrappedBuffer(body, start, end - start);
        }
        List<ByteBuf> parts = new ArrayList<>(splices.size() * 2 + 1);
        int from = start;
        for (Splice splice : splices) {
            parts.add(Unpooled.wrappedBuffer(body, from, splice.start() - from));
            parts.add(Unpooled.wrappedBuffer(splice.replacement()));
            from = splice.end();
        }
        parts.add(Unpooled.wrappedBuffer(body, from, end - from));
        return Unpooled.wrappedBuffer(parts.toArray(ByteBuf[]::new));
    }
}
