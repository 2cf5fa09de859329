package io.modelgate.translate;

import io.netty.buffer.ByteBuf;

/**
 * Translates one event stream into another's API, event by event: each upstream event in, the caller's events it makes
 * out, at once. One per answer; not thread-safe (an answer is relayed on one event loop).
 */
public interface StreamTranslator {

    /**
     * One upstream event ({@code name} null when it has none), its data the UTF-8 bytes {@code data[from, to)} as they
     * arrived (valid during the call); appends the caller's events it makes to {@code out}.
     */
    void event(String name, byte[] data, int from, int to, ByteBuf out);

    /** The same, with the data as text. */
    default void event(String name, String data, ByteBuf out) {
        byte[] bytes = data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        event(name, bytes, 0, bytes.length, out);
    }

    /**
     * Asks the translator to hand {@code report} the usage and finish reason it reads in the upstream's events; false
     * when it does not read them itself, and they must be read from the events apart.
     */
    default boolean reportsTo(UpstreamReport report) {
        return false;
    }

    /** The upstream's stream ended, cleanly or not: appends what closes the caller's stream, once. */
    void end(ByteBuf out);

    /**
     * Whether the caller's stream is complete already (the upstream said it was done, or failed): nothing more will be
     * written, and the upstream's body is about to end.
     */
    boolean finished();
}
