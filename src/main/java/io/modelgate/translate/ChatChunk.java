package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.json.JsonFields;
import io.modelgate.json.JsonObjectScan;
import io.modelgate.json.JsonText;

import java.util.ArrayList;
import java.util.List;

/**
 * What a chat completions answer says — one stream chunk (its first choice's {@code delta}) or a whole completion (its
 * {@code message}): its id, model and creation time, and its first choice's text, reasoning (vLLM's and Ollama's
 * {@code reasoning_content} or {@code reasoning}), tool calls or their pieces, finish reason and the stop sequence it
 * matched (vLLM's {@code stop_reason}), and the Anthropic thinking blocks it carries ({@link ThinkingBlocks}). Every
 * translation of a chat answer reads it so.
 *
 * <p>Read with {@link JsonObjectScan}, which validates the chunk as strictly as Jackson and says where each member
 * lies, once; the first choice, its delta and tool calls are then located by structure alone, without a second
 * validation: no parser is set up and no tree built (but for the rare error and thinking-block values), and the
 * streamed texts — content, reasoning, argument pieces — stay the JSON strings they arrived as ({@link JsonText}), so
 * a translator can write them into its own events without decoding and escaping them again.
 *
 * @param created when the answer was made (epoch seconds); -1 when it does not say
 */
record ChatChunk(String id, String model, long created, JsonText contentJson, JsonText reasoningJson,
        List<ToolCallPiece> toolCalls, String finishReason, String matchedStop, ChatUsage usage, JsonNode error,
        JsonNode thinkingBlocks) {

    /** A tool call, or a piece of one: its index (-1: none given), and the id, name and arguments it carries (each may be null). */
    record ToolCallPiece(int index, String id, String name, JsonText argumentsJson) {

        String arguments() {
            return JsonText.valueOf(argumentsJson);
        }
    }

    /** The answer's text; null when it has none. */
    String content() {
        return JsonText.valueOf(contentJson);
    }

    /** The answer's reasoning text; null when it has none. */
    String reasoning() {
        return JsonText.valueOf(reasoningJson);
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
        return read(data, from, to, head, null);
    }

    /** The same, the usage object and finish reason told to {@code report} as they are found (null: to nobody). */
    private static ChatChunk read(byte[] data, int from, int to, boolean head, UpstreamReport report) {
        try {
            return new Reading(data, head, report).chunk(from, to);
        } catch (JsonObjectScan.Malformed | JsonObjectScan.NotAnObject e) {
            return null;
        }
    }

    /**
     * Reads one stream's chunks in order: the answer's {@code id}, {@code model} and {@code created} from the first
     * chunk only; the upstream's usage object and finish reason told to a report, when one is given, as they are found.
     */
    static final class StreamReader {
        private UpstreamReport report;
        private boolean started;

        void reportTo(UpstreamReport report) {
            this.report = report;
        }

        /** The next chunk, in the UTF-8 bytes {@code data[from, to)}; null when they are not a JSON object (skipped). */
        ChatChunk next(byte[] data, int from, int to) {
            ChatChunk chunk = read(data, from, to, !started, report);
            started |= chunk != null;
            return chunk;
        }
    }

    /** Reads one chunk: each object's members are located by one scan, then the few that matter are read. */
    private static final class Reading {
        private static final JsonFields.Names TOP = JsonFields.Names.of("id", "model", "created", "usage", "error", "choices");
        private static final JsonFields.Names CHOICE = JsonFields.Names.of("delta", "message", "finish_reason", "stop_reason");
        private static final JsonFields.Names DELTA = JsonFields.Names.of("content", "reasoning_content", "reasoning", "tool_calls", ThinkingBlocks.FIELD);
        private static final JsonFields.Names CALL = JsonFields.Names.of("index", "id", "function");
        private static final JsonFields.Names FUNCTION = JsonFields.Names.of("name", "arguments");

        private final byte[] json;
        private final boolean head;
        private final UpstreamReport report;
        private String finishReason;
        private String matchedStop;
        private JsonText content;
        private JsonText reasoning;
        private List<ToolCallPiece> toolCalls = List.of();
        private JsonNode thinkingBlocks;

        Reading(byte[] json, boolean head, UpstreamReport report) {
            this.json = json;
            this.head = head;
            this.report = report;
        }

        ChatChunk chunk(int from, int to) throws JsonObjectScan.Malformed, JsonObjectScan.NotAnObject {
            JsonFields top = JsonFields.of(json, from, to, TOP);
            String id = head ? top.string(0, null) : null;
            String model = head ? top.string(1, null) : null;
            long created = head ? top.number(2, -1) : -1;
            ChatUsage usage = ChatUsage.in(top, 3, report);
            JsonNode error = top.isNull(4) ? null : top.tree(4);
            if (top.is(5, '[')) {
                int[] first = {-1, -1};
                JsonObjectScan.validatedElements(json, top.start(5), top.end(5), (start, end) -> {
                    if (json[start] == '{') {
                        first[0] = start;
                        first[1] = end;
                    }
                    return false; // the first choice is the answer
                });
                if (first[0] >= 0) {
                    choice(JsonFields.ofValidated(json, first[0], first[1], CHOICE));
                }
            }
            return new ChatChunk(id, model, created, content, reasoning, toolCalls, finishReason, matchedStop, usage, error,
                    thinkingBlocks);
        }

        private void choice(JsonFields choice) {
            finishReason = choice.string(2, null);
            if (finishReason != null && report != null) {
                report.finishReason(finishReason);
            }
            String stop = choice.string(3, null);
            matchedStop = stop == null || stop.isEmpty() ? null : stop;
            // a stream's delta, a completion's message
            JsonFields delta = choice.is(0, '{') ? choice.in(0, DELTA) : choice.in(1, DELTA);
            content = delta.text(0);
            JsonText vllm = delta.text(1);
            JsonText ollama = delta.text(2);
            // reasoning_content is vLLM's name and wins; reasoning (Ollama's) counts when there is no other
            reasoning = vllm != null && !vllm.isEmpty() ? vllm : ollama != null && !ollama.isEmpty() ? ollama : null;
            if (delta.is(3, '[')) {
                toolCalls(delta.start(3), delta.end(3));
            }
            thinkingBlocks = delta.is(4, '[') ? delta.tree(4) : null;
        }

        private void toolCalls(int from, int to) {
            List<ToolCallPiece> calls = new ArrayList<>(1);
            JsonObjectScan.validatedElements(json, from, to, (start, end) -> {
                if (json[start] != '{') {
                    return false;
                }
                JsonFields call = JsonFields.ofValidated(json, start, end, CALL);
                JsonFields function = call.in(2, FUNCTION);
                calls.add(new ToolCallPiece(call.integer(0, -1), call.string(1, null), function.string(0, null), function.text(1)));
                return true;
            });
            toolCalls = calls;
        }
    }
}
