package io.modelgate.translate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a chat completions answer says — one stream chunk (its first choice's {@code delta}) or a whole completion (its
 * {@code message}) — read with Jackson's streaming parser (no tree, but for the rare usage and error objects): its id,
 * model and creation time, and its first choice's text, reasoning (vLLM's and Ollama's {@code reasoning_content} or
 * {@code reasoning}), tool calls or their pieces, finish reason and the stop sequence it matched (vLLM's
 * {@code stop_reason}), and the Anthropic thinking blocks it carries ({@link ThinkingBlocks}). Every translation of a
 * chat answer reads it so.
 *
 * @param created when the answer was made (epoch seconds); -1 when it does not say
 */
record ChatChunk(String id, String model, long created, String content, String reasoning, List<ToolCallPiece> toolCalls,
        String finishReason, String matchedStop, JsonNode usage, JsonNode error, JsonNode thinkingBlocks) {

    /** A tool call, or a piece of one: its index (-1: none given), and the id, name and arguments it carries (each may be null). */
    record ToolCallPiece(int index, String id, String name, String arguments) {
    }

    /** The chunk; null when the data is not a JSON object. */
    static ChatChunk read(String data) {
        byte[] bytes = data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return read(bytes, 0, bytes.length);
    }

    /** The chunk in the UTF-8 bytes {@code data[from, to)}; null when they are not a JSON object. */
    static ChatChunk read(byte[] data, int from, int to) {
        return read(data, from, to, true);
    }

    /**
     * The same; without {@code head}, the answer's {@code id}, {@code model} and {@code created} are skipped (a stream's
     * later chunks repeat the first's, and each costs a string).
     */
    static ChatChunk read(byte[] data, int from, int to, boolean head) {
        try (JsonParser parser = Json.MAPPER.createParser(data, from, to - from)) {
            return parser.nextToken() == JsonToken.START_OBJECT ? new Reading(parser, head).chunk() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static final class Reading {
        private final JsonParser parser;
        private final boolean head;
        private String id;
        private String model;
        private long created = -1;
        private String content;
        private String reasoning;
        private List<ToolCallPiece> toolCalls = List.of();
        private String finishReason;
        private String matchedStop;
        private JsonNode usage;
        private JsonNode error;
        private JsonNode thinkingBlocks;

        Reading(JsonParser parser, boolean head) {
            this.parser = parser;
            this.head = head;
        }

        ChatChunk chunk() throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id", "model", "created" -> head(field, value);
                    case "usage" -> usage = value == JsonToken.START_OBJECT ? parser.readValueAsTree() : null;
                    case "error" -> error = value == JsonToken.VALUE_NULL ? null : parser.readValueAsTree();
                    case "choices" -> choices(value);
                    default -> parser.skipChildren();
                }
            }
            return new ChatChunk(id, model, created, content, reasoning, toolCalls, finishReason, matchedStop, usage, error,
                    thinkingBlocks);
        }

        /** The answer's id, model and time: read from the first chunk, skipped in the others. */
        private void head(String field, JsonToken value) throws IOException {
            if (!head) {
                parser.skipChildren();
            } else if (field.equals("created")) {
                created = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
            } else if (field.equals("id")) {
                id = text(value);
            } else {
                model = text(value);
            }
        }

        private void choices(JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                parser.skipChildren();
                return;
            }
            boolean first = true;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                if (first) {
                    choice();
                    first = false;
                } else {
                    parser.skipChildren();
                }
            }
        }

        private void choice() throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "delta", "message" -> delta(value);
                    case "finish_reason" -> finishReason = text(value);
                    case "stop_reason" -> {
                        String stop = text(value);
                        matchedStop = stop == null || stop.isEmpty() ? null : stop;
                    }
                    default -> parser.skipChildren();
                }
            }
        }

        private void delta(JsonToken value) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "content" -> content = text(token);
                    case "reasoning_content", "reasoning" -> {
                        String text = text(token);
                        // reasoning_content is vLLM's name and wins; reasoning (Ollama's) counts when there is no other
                        if (text != null && !text.isEmpty() && (reasoning == null || field.equals("reasoning_content"))) {
                            reasoning = text;
                        }
                    }
                    case "tool_calls" -> toolCalls(token);
                    case ThinkingBlocks.FIELD -> thinkingBlocks = token == JsonToken.START_ARRAY ? parser.readValueAsTree() : skipped();
                    default -> parser.skipChildren();
                }
            }
        }

        private void toolCalls(JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                parser.skipChildren();
                return;
            }
            toolCalls = new ArrayList<>(1);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                int index = -1;
                String callId = null;
                String name = null;
                String arguments = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken token = parser.nextToken();
                    switch (field) {
                        case "index" -> index = token == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : -1;
                        case "id" -> callId = text(token);
                        case "function" -> {
                            if (token != JsonToken.START_OBJECT) {
                                parser.skipChildren();
                                continue;
                            }
                            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                                String part = parser.currentName();
                                JsonToken partValue = parser.nextToken();
                                switch (part) {
                                    case "name" -> name = text(partValue);
                                    case "arguments" -> arguments = text(partValue);
                                    default -> parser.skipChildren();
                                }
                            }
                        }
                        default -> parser.skipChildren();
                    }
                }
                toolCalls.add(new ToolCallPiece(index, callId, name, arguments));
            }
        }

        private JsonNode skipped() throws IOException {
            parser.skipChildren();
            return null;
        }

        private String text(JsonToken token) throws IOException {
            if (token == JsonToken.VALUE_STRING) {
                return parser.getText();
            }
            parser.skipChildren();
            return null;
        }
    }
}
