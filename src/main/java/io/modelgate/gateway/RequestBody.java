package io.modelgate.gateway;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.modelgate.inspect.InspectedBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import java.util.function.Consumer;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * A caller's request body, read only once the caller is authenticated, up to a limit. Its chunks are kept as they
 * came: a JSON body that came in one chunk is read in place, one in several is gathered once; a multipart form (a
 * 25 MB audio file) is never copied, its chunks become one composite buffer. A body that fails to arrive (a malformed
 * chunked encoding) is answered with a 400 at once, while the connection still stands.
 */
public final class RequestBody {

    private final HttpServerRequest request;
    private final long maxBytes;
    private final Promise<RequestBody> received = Promise.promise();
    private Buffer first;
    private CompositeByteBuf gathered;
    private long length;

    private RequestBody(HttpServerRequest request, long maxBytes) {
        this.request = request;
        this.maxBytes = maxBytes;
    }

    /**
     * Pauses the request and watches it for failures until {@link #read()} is called; nothing is read before. Call it
     * first thing, so a body broken while the caller is being authenticated is still answered.
     */
    static RequestBody expect(Call call, long maxBytes) {
        return expect(call.request(), maxBytes, error -> Render.error(call, error));
    }

    /** The same for any endpoint: {@code answer} writes the error in the endpoint's own shape. */
    public static RequestBody expect(HttpServerRequest request, long maxBytes, Consumer<GatewayException> answer) {
        RequestBody body = new RequestBody(request, maxBytes);
        request.pause();
        request.exceptionHandler(failure -> {
            // the failure's own text may quote what the caller sent; the answer says what went wrong without it
            GatewayException error = new GatewayException(ErrorKind.INVALID_REQUEST,
                    "The request body could not be read: its chunked encoding is malformed, or it was cut off.");
            body.received.tryFail(error);
            // answered now, whoever the caller turns out to be: Vert.x closes the connection as soon as this returns, and
            // what is written while it reads from the socket is flushed only after the read, too late
            answer.accept(error);
            if (request.connection() instanceof ConnectionBase connection) {
                connection.channelHandlerContext().flush();
            }
        });
        return body;
    }

    /**
     * Reads the body. A client that waits for {@code 100 Continue} (curl does for large bodies) is told to go on only
     * now, after authentication.
     */
    public Future<RequestBody> read() {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared) > maxBytes) {
                    return Future.failedFuture(tooLarge());
                }
            } catch (NumberFormatException e) {
                return Future.failedFuture(new GatewayException(ErrorKind.INVALID_REQUEST, "Content-Length is not a number."));
            }
        }
        request.handler(chunk -> {
            if (received.future().isComplete()) {
                return;
            }
            if (length + chunk.length() > maxBytes) {
                received.tryFail(tooLarge());
            } else {
                add(chunk);
            }
        });
        request.endHandler(v -> received.tryComplete(this));
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue();
        }
        request.resume();
        return received.future();
    }

    private void add(Buffer chunk) {
        length += chunk.length();
        if (gathered != null) {
            gathered.addComponent(true, chunk.getByteBuf());
        } else if (first == null) {
            first = chunk;
        } else {
            gathered = Unpooled.compositeBuffer(Integer.MAX_VALUE);
            gathered.addComponent(true, first.getByteBuf());
            gathered.addComponent(true, chunk.getByteBuf());
            first = null;
        }
    }

    public long length() {
        return length;
    }

    /**
     * The body read for what a JSON request asks. A body that came in one chunk (every chat request but the largest)
     * is read where it lies, in that chunk's array, and forwarded as slices of it; one that came in several is gathered
     * into one array first, the one copy it gets.
     */
    InspectedBody inspectJson() {
        if (gathered == null && first != null) {
            ByteBuf chunk = first.getByteBuf();
            if (chunk.hasArray()) {
                int from = chunk.arrayOffset() + chunk.readerIndex();
                return InspectedBody.inspect(chunk.array(), from, from + chunk.readableBytes());
            }
        }
        ByteBuf all = gathered != null ? gathered : first != null ? first.getByteBuf() : Unpooled.EMPTY_BUFFER;
        byte[] bytes = new byte[all.readableBytes()];
        all.getBytes(all.readerIndex(), bytes);
        return InspectedBody.inspect(bytes);
    }

    /** The body as a buffer over the chunks received, nothing copied. */
    public Buffer buffer() {
        if (gathered != null) {
            return Buffer.buffer((ByteBuf) gathered);
        }
        return first != null ? first : Buffer.buffer();
    }

    private GatewayException tooLarge() {
        return new GatewayException(ErrorKind.REQUEST_TOO_LARGE,
                "The request body is larger than the " + maxBytes + " bytes this gateway accepts here.");
    }
}
