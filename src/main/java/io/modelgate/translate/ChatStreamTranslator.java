package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A translator of a chat completions stream into another API's: each upstream event is read once, as a
 * {@link ChatChunk} from the bytes that arrived; the caller's stream ends once — at {@code [DONE]}, at the upstream's
 * end, or with the error an upstream streams — and nothing is written after it.
 */
abstract class ChatStreamTranslator implements StreamTranslator {

    private boolean over;
    private final ChatChunk.StreamReader chunks = new ChatChunk.StreamReader();

    @Override
    public final void event(String name, byte[] data, int from, int to, ByteBuf out) {
        if (over || from == to) {
            return;
        }
        if (done(data, from, to)) {
            end(out);
            return;
        }
        ChatChunk chunk = chunks.next(data, from, to);
        if (chunk == null) {
            return;
        }
        if (chunk.error() != null) {
            over = true;
            failed(chunk, out);
            return;
        }
        chunk(chunk, out);
    }

    @Override
    public final boolean reportsTo(UpstreamReport report) {
        chunks.reportTo(report);
        return true;
    }

    @Override
    public final boolean finished() {
        return over;
    }

    @Override
    public final void end(ByteBuf out) {
        if (over) {
            return;
        }
        over = true;
        ended(out);
    }

    /** One chunk of the answer, not an error. */
    abstract void chunk(ChatChunk chunk, ByteBuf out);

    /** The upstream's stream ended, with {@code [DONE]} or without: the caller's stream is closed. */
    abstract void ended(ByteBuf out);

    /** The upstream streamed an error ({@link ChatChunk#error()}): the caller's stream ends with it. */
    abstract void failed(ChatChunk chunk, ByteBuf out);

    /** OpenAI's {@code [DONE]}, the last event of a chat stream. */
    private static boolean done(byte[] data, int from, int to) {
        return to - from >= 6 && data[from] == '[' && "[DONE]".equals(new String(data, from, to - from, StandardCharsets.US_ASCII).trim());
    }

    /** An error object's message, for the caller's own error event. */
    static String message(JsonNode error) {
        return UpstreamErrors.message(Json.object().set("error", error));
    }
}
