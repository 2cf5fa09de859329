package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.modelgate.json.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a translated Responses API answer takes from its request rather than from the upstream: the response's id (the
 * gateway's own, so a kept conversation can be found by it), and the request's settings every response repeats —
 * {@code instructions}, {@code tools}, {@code tool_choice}, {@code temperature}, {@code store},
 * {@code previous_response_id}, … — as OpenAI's own responses do. Told when the response is complete, for the
 * gateway to keep it.
 */
public final class ResponseFrame {

    /** Request fields a response repeats, with the value each has when the request gives none. */
    private static final ObjectNode DEFAULTS = defaults();

    /** Each default as the member a streamed response writes, {@code "name":value}: copied, not written again. */
    private static final Map<String, byte[]> DEFAULT_MEMBERS = defaultMembers();

    /** The request's settings in the three runs a response has them: before its model, after its output, after its usage. */
    private static final String[][] SETTINGS = {{"instructions", "max_output_tokens"},
            {"parallel_tool_calls", "previous_response_id", "reasoning", "store", "temperature", "text", "tool_choice", "tools", "top_p",
                    "truncation"},
            {"user", "metadata"}};

    private final String id;
    private final JsonNode request;
    /** Who is told the complete response; null: nobody (it is not kept). */
    private Consumer<String> completed;
    private ByteBuf[] settingsJson;

    private ResponseFrame(String id, JsonNode request) {
        this.id = id;
        this.request = request;
    }

    /** The frame of the response to {@code request}, which will carry {@code id}. */
    public static ResponseFrame of(String id, JsonNode request) {
        return new ResponseFrame(id, request);
    }

    /** For an answer translated without its request (tests, tools): the id made from the upstream's. */
    static ResponseFrame unframed() {
        return new ResponseFrame(null, Json.object());
    }

    /** The id the response will carry. */
    public String id() {
        return id;
    }

    /** Whether the caller asked for the response to be kept ({@code store}, true unless set false). */
    public boolean stored() {
        return request.path("store").asBoolean(true);
    }

    /** Called with the response's JSON once it is complete (or incomplete); not with one that failed. */
    public ResponseFrame whenComplete(Consumer<String> completed) {
        this.completed = completed;
        return this;
    }

    /** The response's id: the frame's, or when it has none, one made from the upstream answer's {@code upstreamId}. */
    String id(String upstreamId) {
        return id != null ? id : "resp_" + ResponseObjects.plain(upstreamId);
    }

    /**
     * A response with no output yet, repeating the request's settings. {@link #write} writes the same members in the
     * same order, as bytes: the two are held equal by a test.
     */
    ObjectNode response(String upstreamId, String model, long createdAt, String status) {
        ObjectNode response = Json.object().put("id", id(upstreamId)).put("object", "response").put("created_at", createdAt)
                .put("status", status).putNull("error").putNull("incomplete_details");
        settings(response, 0);
        response.put("model", model);
        response.putArray("output");
        settings(response, 1);
        response.putNull("usage");
        settings(response, 2);
        return response;
    }

    /**
     * A streamed response written as member {@code name} of the event {@code sse} has open: {@code output}, its items'
     * JSON joined by commas; the request's settings written once per response and copied into each event that carries
     * it (a stream carries it three times).
     */
    void write(SseWriter sse, String name, String responseId, String model, long createdAt, Outcome outcome, ByteBuf output) {
        sse.object(name, response -> ResponseObjects.usage(response.field("id", responseId).field("object", "response")
                .field("created_at", createdAt).field("status", outcome.status()).value("error", outcome.error())
                .value("incomplete_details", outcome.incompleteDetails()).members(settingsJson(0)).field("model", model)
                .array("output").members(output).endArray().members(settingsJson(1)), outcome.usage()).members(settingsJson(2)));
    }

    /** How a response ends: its status, and what goes with it (null members are written as JSON nulls). */
    record Outcome(String status, JsonNode error, JsonNode incompleteDetails, ChatUsage usage) {
        static final Outcome IN_PROGRESS = new Outcome("in_progress", null, null, null);
    }

    private void settings(ObjectNode response, int run) {
        for (String field : SETTINGS[run]) {
            JsonNode given = given(field);
            response.set(field, (given != null ? given : DEFAULTS.get(field)).deepCopy());
        }
    }

    /**
     * Run {@code run} of the settings as JSON members, {@code "name":value} joined by commas: each the request gives
     * written from the request as it is, each it leaves to its default copied.
     */
    private ByteBuf settingsJson(int run) {
        if (settingsJson == null) {
            settingsJson = new ByteBuf[SETTINGS.length];
            for (int i = 0; i < SETTINGS.length; i++) {
                ByteBuf members = Unpooled.buffer(32 * SETTINGS[i].length);
                for (String field : SETTINGS[i]) {
                    if (members.isReadable()) {
                        members.writeByte(',');
                    }
                    JsonNode given = given(field);
                    if (given == null) {
                        members.writeBytes(DEFAULT_MEMBERS.get(field));
                    } else {
                        JsonBytes.quote(members, field);
                        members.writeByte(':');
                        JsonBytes.write(members, given);
                    }
                }
                settingsJson[i] = members;
            }
        }
        return settingsJson[run];
    }

    /**
     * The request's own value of setting {@code field} as a response repeats it (shared with the request, not copied);
     * null when the request leaves it to its default. A {@code reasoning} object is the defaults with the request's
     * members over them.
     */
    private JsonNode given(String field) {
        JsonNode value = request.get(field);
        if (value == null) {
            return null;
        }
        return switch (field) {
            case "reasoning" -> value.isObject() ? ((ObjectNode) DEFAULTS.get(field).deepCopy()).setAll((ObjectNode) value) : null;
            case "text", "metadata" -> value.isObject() ? value : null;
            case "tools" -> value.isArray() ? value : null;
            default -> value.isNull() ? null : value;
        };
    }

    private static ObjectNode defaults() {
        ObjectNode defaults = Json.object().putNull("instructions").putNull("max_output_tokens").put("parallel_tool_calls", true)
                .putNull("previous_response_id").putNull("temperature").put("tool_choice", "auto").putNull("top_p")
                .put("truncation", "disabled").putNull("user").put("store", true);
        defaults.putObject("reasoning").putNull("effort").putNull("summary");
        defaults.putObject("text").putObject("format").put("type", "text");
        defaults.putArray("tools");
        defaults.putObject("metadata");
        return defaults;
    }

    private static Map<String, byte[]> defaultMembers() {
        Map<String, byte[]> members = new HashMap<>();
        DEFAULTS.properties().forEach(setting -> {
            ByteBuf member = Unpooled.buffer();
            JsonBytes.quote(member, setting.getKey());
            member.writeByte(':');
            JsonBytes.write(member, setting.getValue());
            members.put(setting.getKey(), ByteBufUtil.getBytes(member));
        });
        return Map.copyOf(members);
    }

    /** Whether anyone waits for the complete response (the caller asked to store it). */
    boolean keeps() {
        return completed != null;
    }

    /** The response is complete, or incomplete, and {@code json} its JSON: whoever keeps responses is told. */
    void completed(String json) {
        if (completed != null) {
            completed.accept(json);
        }
    }
}
