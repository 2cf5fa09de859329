package io.modelgate.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.streams.ReadStream;

/** An upstream's answer as it arrives: head first, then a body stream that is paused until read. */
public interface UpstreamResponse {

    int status();

    MultiMap headers();

    ReadStream<Buffer> body();

    /** Whether the answer is a stream of server-sent events ({@code text/event-stream}) rather than one document. */
    default boolean eventStream() {
        return isEventStream(headers().get(HttpHeaders.CONTENT_TYPE));
    }

    /** Whether a {@code Content-Type} (null: none) is that of server-sent events. */
    static boolean isEventStream(String contentType) {
        return contentType != null && contentType.startsWith("text/event-stream");
    }

    /**
     * Abandons an exchange that is still running (the caller went away): the upstream is told to stop,
     * which for HTTP/1.1 means closing the connection.
     */
    void cancel();

    /**
     * Reads and drops the rest of an answer the caller will not see (an error being mapped, or a 5xx being
     * failed over). Unlike {@link #cancel()} it keeps a keep-alive connection usable, and it cannot disturb
     * a pooled connection that a complete answer has already handed back for another request.
     */
    void discard();
}
