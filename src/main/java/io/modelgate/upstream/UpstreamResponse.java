package io.modelgate.upstream;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** An upstream's answer as it arrives: head first, then a body stream that is paused until read. */
public interface UpstreamResponse {

    int status();

    MultiMap headers();

    ReadStream<Buffer> body();

    /** Abandons the exchange (caller gone, or failing over): the upstream stops being read and is told so. */
    void cancel();
}
