package io.modelgate.upstream.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** How the mock derives its replies and counts: deterministically from the request, one token per word. */
final class MockText {

    private MockText() {
    }

    /** The fixed reply, or an echo of what the caller last said. */
    static String reply(String fixed, String model, String lastUserText) {
        if (fixed != null) {
            return fixed;
        }
        String said = lastUserText.length() > 200 ? lastUserText.substring(0, 200) + "…" : lastUserText;
        return "Mock reply from " + model + ": " + (said.isEmpty() ? "hello" : said);
    }

    /** Content given as a string or as a list of parts; the text parts ({@code text}, {@code input_text}) joined. */
    static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isObject()) {
            return content.path("text").asText("");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            String type = part.path("type").asText();
            if ("text".equals(type) || "input_text".equals(type) || "output_text".equals(type)) {
                text.append(part.path("text").asText());
            }
        }
        return text.toString();
    }

    /**
     * What the caller last said: the last text part of the last {@code user} message (agents put reminders and
     * context in earlier parts of it, and the prompt last).
     */
    static String lastUserText(JsonNode messages) {
        String last = "";
        for (JsonNode message : messages) {
            if ("user".equals(message.path("role").asText())) {
                JsonNode content = message.path("content");
                last = content.isArray() && content.size() > 1 ? text(content.get(content.size() - 1)) : text(content);
            }
        }
        return last;
    }

    /** The words of every text in a part of a request (not its roles or types), for counting its tokens. */
    static int tokensOf(JsonNode node) {
        if (node.isTextual()) {
            return words(node.asText());
        }
        int count = 0;
        for (var fields = node.fields(); fields.hasNext(); ) {
            var field = fields.next();
            if (!"role".equals(field.getKey()) && !"type".equals(field.getKey())) {
                count += tokensOf(field.getValue());
            }
        }
        if (node.isArray()) {
            for (JsonNode child : node) {
                count += tokensOf(child);
            }
        }
        return count;
    }

    static int words(String text) {
        return text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }

    /** The reply split after each space, as a model streams it. */
    static String[] pieces(String reply) {
        return reply.split("(?<= )");
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A number in [0, 1) drawn from a digest. */
    static double unitInterval(byte[] digest) {
        long bits = ByteBuffer.wrap(digest, 0, 8).getLong() >>> 11;
        return bits / (double) (1L << 53);
    }
}
