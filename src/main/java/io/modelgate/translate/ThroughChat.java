package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
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

            @Override
            public void event(String name, String data, StringBuilder out) {
                StringBuilder chunks = new StringBuilder();
                toChat.event(name, data, chunks);
                pass(chunks, out);
            }

            @Override
            public boolean finished() {
                return fromChat.finished();
            }

            @Override
            public void end(StringBuilder out) {
                StringBuilder chunks = new StringBuilder();
                toChat.end(chunks);
                pass(chunks, out);
                fromChat.end(out);
            }

            private void pass(StringBuilder chunks, StringBuilder out) {
                if (!chunks.isEmpty()) {
                    chat.feed(chunks.toString().getBytes(StandardCharsets.UTF_8), (name, data) -> fromChat.event(name, data, out));
                }
            }
        };
    }
}
