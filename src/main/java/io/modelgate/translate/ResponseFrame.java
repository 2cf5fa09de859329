package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
    private static final ObjectNode DEFAULTS = Json.object().putNull("instructions").putNull("max_output_tokens")
            .put("parallel_tool_calls", true).putNull("previous_response_id").putNull("temperature")
            .put("tool_choice", "auto").putNull("top_p").put("truncation", "disabled").putNull("user").put("store", true);

    private final String id;
    private final JsonNode request;
    private Consumer<ObjectNode> completed = response -> { };

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

    /** Called with the response once it is complete (or incomplete); not with one that failed. */
    public ResponseFrame whenComplete(Consumer<ObjectNode> completed) {
        this.completed = completed;
        return this;
    }

    /** The response's id: the frame's, or when it has none, one made from the upstream answer's {@code upstreamId}. */
    String id(String upstreamId) {
        return id != null ? id : "resp_" + ResponseObjects.plain(upstreamId);
    }

    /** A response with no output yet, repeating the request's settings. */
    ObjectNode response(String upstreamId, String model, long createdAt, String status) {
        ObjectNode response = Json.object().put("id", id(upstreamId)).put("object", "response").put("created_at", createdAt)
                .put("status", status).putNull("error").putNull("incomplete_details");
        echo(response, "instructions");
        echo(response, "max_output_tokens");
        response.put("model", model);
        response.putArray("output");
        echo(response, "parallel_tool_calls");
        echo(response, "previous_response_id");
        ObjectNode reasoning = response.putObject("reasoning").putNull("effort").putNull("summary");
        if (request.path("reasoning").isObject()) {
            reasoning.setAll((ObjectNode) request.get("reasoning"));
        }
        echo(response, "store");
        echo(response, "temperature");
        if (request.path("text").isObject()) {
            response.set("text", request.get("text").deepCopy());
        } else {
            response.putObject("text").putObject("format").put("type", "text");
        }
        echo(response, "tool_choice");
        response.set("tools", request.path("tools").isArray() ? request.get("tools").deepCopy() : Json.array());
        echo(response, "top_p");
        echo(response, "truncation");
        response.putNull("usage");
        echo(response, "user");
        response.set("metadata", request.path("metadata").isObject() ? request.get("metadata").deepCopy() : Json.object());
        return response;
    }

    private void echo(ObjectNode response, String field) {
        JsonNode given = request.get(field);
        response.set(field, given != null && !given.isNull() ? given.deepCopy() : DEFAULTS.get(field).deepCopy());
    }

    /** The response is complete, or incomplete: whoever keeps responses is told. */
    void completed(ObjectNode response) {
        completed.accept(response);
    }
}
