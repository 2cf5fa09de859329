package io.modelgate.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** An upstream's answer as it arrives: head first, then a body stream that is paused until read. */
public interface UpstreamResponse {

    int status();

    MultiMap headers();

    ReadStream<Buffer> body();

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
