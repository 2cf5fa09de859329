package io.modelgate.upstream.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.upstream.UpstreamResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.streams.ReadStream;

import java.util.ArrayList;
import java.util.List;

/** An answer of the mock upstream, shaped as the real APIs shape theirs: JSON, server-sent events or bytes. */
record MockAnswer(int status, MultiMap headers, List<Buffer> chunks, boolean paced) {

    static final ObjectMapper JSON = new ObjectMapper();

    static MockAnswer json(int status, JsonNode body) {
        return new MockAnswer(status, headers("application/json"), List.of(Buffer.buffer(body.toString())), false);
    }

    /** OpenAI's event stream: {@code data:} lines, {@code event:} lines too when the API names its events. */
    static MockAnswer events(List<Buffer> events) {
        return new MockAnswer(200, headers("text/event-stream; charset=utf-8").add(HttpHeaders.CACHE_CONTROL, "no-cache"), events, true);
    }

    /** A binary body (audio), sent in chunks as a network upstream would. */
    static MockAnswer bytes(String contentType, byte[] body, int chunkSize) {
        List<Buffer> chunks = new ArrayList<>();
        for (int at = 0; at < body.length; at += chunkSize) {
            chunks.add(Buffer.buffer(java.util.Arrays.copyOfRange(body, at, Math.min(body.length, at + chunkSize))));
        }
        return new MockAnswer(200, headers(contentType), chunks, true);
    }

    static MockAnswer text(String body) {
        return new MockAnswer(200, headers("text/plain; charset=utf-8"), List.of(Buffer.buffer(body)), false);
    }

    /** An error as OpenAI writes one. */
    static MockAnswer openAiError(int status, String message, String type, String param, String code) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("message", message).put("type", type);
        error.put("param", param).put("code", code);
        return json(status, body);
    }

    /** An error as Anthropic writes one. */
    static MockAnswer anthropicError(int status, String message, String type) {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return json(status, body);
    }

    /** One server-sent event; {@code name} null for a {@code data:}-only event. */
    static Buffer event(String name, JsonNode data) {
        return Buffer.buffer((name == null ? "" : "event: " + name + "\n") + "data: " + data + "\n\n");
    }

    private static MultiMap headers(String contentType) {
        return MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.CONTENT_TYPE, contentType);
    }

    /** The answer as an upstream response, its chunks {@code chunkDelayMs} apart when paced. */
    UpstreamResponse toResponse(Vertx vertx, int chunkDelayMs) {
        ScheduledChunkStream stream = new ScheduledChunkStream(vertx, chunks, paced ? chunkDelayMs : 0);
        return new UpstreamResponse() {
            @Override
            public int status() {
                return status;
            }

            @Override
            public MultiMap headers() {
                return headers;
            }

            @Override
            public ReadStream<Buffer> body() {
                return stream;
            }

            @Override
            public void cancel() {
                stream.cancel();
            }

            @Override
            public void discard() {
                stream.cancel(); // nothing in-process is worth reading to the end
            }
        };
    }
}
