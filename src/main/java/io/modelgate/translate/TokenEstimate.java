package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An estimate of a request's input tokens, for {@code count_tokens} on a model whose upstream has no counter of its own:
 * a token per four characters of its text (messages, system prompt, tool definitions), about a thousand per image,
 * plus a few per message for the chat template's framing. Within tens of percent of a real tokenizer for English and code; the answer says it is an
 * estimate.
 */
public final class TokenEstimate {

    private static final int CHARACTERS_PER_TOKEN = 4;
    private static final int TOKENS_PER_MESSAGE = 4;
    /** The fields the model reads as input, in chat's and Messages' requests. */
    private static final java.util.Set<String> COUNTED = java.util.Set.of("messages", "system", "tools");
    /** What an image costs, whatever its size: about what a 1,000 × 750 picture costs Anthropic's and OpenAI's models. */
    private static final int CHARACTERS_PER_IMAGE = 1000 * CHARACTERS_PER_TOKEN;

    private TokenEstimate() {
    }

    /**
     * The estimate for a translated request, in whichever API it is written (chat's messages or Messages' messages and
     * system prompt): every string in it but the model's name and the settings, plus the framing of each message.
     */
    public static long of(JsonNode request) {
        long characters = 0;
        for (var fields = request.fields(); fields.hasNext(); ) {
            var field = fields.next();
            if (COUNTED.contains(field.getKey())) {
                characters += characters(field.getValue());
            }
        }
        return (characters + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN
                + (long) TOKENS_PER_MESSAGE * request.path("messages").size();
    }

    /** The characters of every string in a tree, field names aside; an image as a fixed count, not its data's length. */
    private static long characters(JsonNode node) {
        if (node.isTextual()) {
            return node.asText().length();
        }
        if (node.has("image_url")) {
            return CHARACTERS_PER_IMAGE;
        }
        long count = 0;
        for (JsonNode child : node) {
            count += characters(child);
        }
        return count;
    }
}
