package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A translation made of two that meet at chat completions: the Responses API on a Messages server is Responses →
 * chat → Messages for the request and Messages → chat → Responses for the answer. Each half is a tested translation
 * of its own; what chat has no field for travels in the fields LiteLLM gave it (a thinking block with its signature in
 * {@code thinking_blocks}, {@link ThinkingBlocks}).
 */
final class ThroughChat {

    private ThroughChat() {
    }

    /**
     * The request written in chat by {@code toChat}, then from chat by {@code fromChat}; what both left out, named as
     * the caller's API names it ({@code callerNames}: a chat field's name in the caller's API, where it differs).
     */
    static Translated request(Translated toChat, Function<JsonNode, Translated> fromChat, Map<String, String> callerNames) {
        Translated translated = fromChat.apply(toChat.body());
        List<String> omitted = new ArrayList<>(toChat.omitted());
        for (String field : translated.omitted()) {
            omitted.add(callerNames.getOrDefault(field, field));
        }
        return new Translated(translated.body(), omitted);
    }

    /** A whole answer through chat; null when either half finds no JSON. */
    static byte[] answer(byte[] body, UnaryOperator<byte[]> toChat, UnaryOperator<byte[]> fromChat) {
        byte[] chat = toChat.apply(body);
        return chat == null ? null : fromChat.apply(chat);
    }

    /** A stream through chat: each upstream event becomes chat chunks, and those the caller's events, at once. */
    static StreamTranslator stream(StreamTranslator toChat, StreamTranslator fromChat) {
        return new StreamTranslator() {
            private final SseEvents chat = new SseEvents();
            private final ByteBuf chunks = Unpooled.buffer(512);

            @Override
            public void event(String name, byte[] data, int from, int to, ByteBuf out) {
                toChat.event(name, data, from, to, chunks);
                pass(out);
            }

            @Override
            public boolean finished() {
                return fromChat.finished();
            }

            @Override
            public void end(ByteBuf out) {
                toChat.end(chunks);
                pass(out);
                fromChat.end(out);
            }

            /** The chat chunks written so far, read as the stream they are, into the caller's events. */
            private void pass(ByteBuf out) {
                if (chunks.isReadable()) {
                    chat.feed(ByteBufUtil.getBytes(chunks), (SseEvents.BytesHandler) (name, data, from, to) -> fromChat.event(name, data, from, to, out));
                    chunks.clear();
                }
            }
        };
    }
}
