package io.modelgate.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.error.ErrorKind;

import java.io.IOException;

/**
 * JSON-RPC 2.0 as MCP uses it: one message per POST (batches were removed in 2025-06-18), read into what the gateway
 * decides on — a request (id and method), a notification (method, no id) or a response (id, result or error) — and the
 * error bodies the gateway answers with, in the message's own shape. Pure.
 */
public final class JsonRpc {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    /** MCP's "resource not found". */
    public static final int RESOURCE_NOT_FOUND = -32002;
    public static final int INTERNAL_ERROR = -32603;
    /** 2026-07-28: an {@code Mcp-*} header missing or unlike the body. */
    public static final int HEADER_MISMATCH = -32020;
    /** 2026-07-28: a protocol version the server does not speak. */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
    /**
     * The gateway's own refusals and upstream failures (outside -32768…-32000, as the spec asks of new codes): the
     * caller may not use this, a limit is reached, the upstream server failed or timed out.
     */
    public static final int ACCESS_DENIED = -31001;
    public static final int LIMIT_REACHED = -31002;
    public static final int UPSTREAM_FAILED = -31003;
    public static final int UPSTREAM_TIMEOUT = -31004;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The kinds of message. */
    public enum Kind { REQUEST, NOTIFICATION, RESPONSE }

    /**
     * One message as received.
     *
     * @param id     the id as sent (a number or a string); null for a notification
     * @param method null for a response
     * @param params the params object; an empty one when absent
     */
    public record Message(Kind kind, JsonNode id, String method, ObjectNode params, ObjectNode tree) {

        /** {@code params.name} (tools/call, prompts/get) or {@code params.uri} (resources/read, subscribe); null when absent. */
        public String named() {
            JsonNode name = params.get(method != null && method.startsWith("resources/") ? "uri" : "name");
            return name != null && name.isTextual() ? name.asText() : null;
        }

        /** {@code params._meta["io.modelcontextprotocol/<key>"]} (2026-07-28 carries version and capabilities there). */
        public JsonNode meta(String key) {
            return params.path("_meta").path("io.modelcontextprotocol/" + key);
        }
    }

    /** Why a body is not one message, as the JSON-RPC error it is answered with. */
    public static final class Malformed extends Exception {
        private final int code;

        Malformed(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private JsonRpc() {
    }

    public static Message read(byte[] body) throws Malformed {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            throw new Malformed(PARSE_ERROR, "the body is not JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new Malformed(PARSE_ERROR, "the body is empty: send one JSON-RPC message");
        }
        if (tree.isArray()) {
            throw new Malformed(INVALID_REQUEST, "JSON-RPC batches are not part of MCP since 2025-06-18: send one message per request");
        }
        if (!(tree instanceof ObjectNode message) || !"2.0".equals(message.path("jsonrpc").asText(null))) {
            throw new Malformed(INVALID_REQUEST, "not a JSON-RPC 2.0 message: an object with \"jsonrpc\": \"2.0\" is expected");
        }
        JsonNode id = message.get("id");
        if (id != null && !id.isTextual() && !id.isIntegralNumber()) {
            throw new Malformed(INVALID_REQUEST, "\"id\" must be a string or an integer");
        }
        JsonNode method = message.get("method");
        JsonNode params = message.get("params");
        if (params != null && !params.isObject() && !params.isNull()) {
            throw new Malformed(INVALID_REQUEST, "\"params\" must be an object");
        }
        ObjectNode paramsObject = params instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        if (method == null) {
            if (id == null || !message.has("result") && !message.has("error")) {
                throw new Malformed(INVALID_REQUEST, "a message without \"method\" must be a response: an \"id\" and a \"result\" or \"error\"");
            }
            return new Message(Kind.RESPONSE, id, null, paramsObject, message);
        }
        if (!method.isTextual() || method.asText().isEmpty()) {
            throw new Malformed(INVALID_REQUEST, "\"method\" must be a non-empty string");
        }
        return new Message(id == null ? Kind.NOTIFICATION : Kind.REQUEST, id, method.asText(), paramsObject, message);
    }

    /** An error response to the request of {@code id} (null: to a message that could not be read). */
    public static byte[] error(JsonNode id, int code, String message) {
        return error(id, code, message, null);
    }

    public static byte[] error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        body.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        body.set("error", error);
        return body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A gateway refusal or failure, its kind named in {@code data} as the model API's errors name it. */
    public static byte[] error(JsonNode id, ErrorKind kind, String message) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("type", kind.type()).put("code", kind.code());
        return error(id, code(kind), message, data);
    }

    /** The JSON-RPC code of a gateway error. */
    static int code(ErrorKind kind) {
        return switch (kind) {
            case INVALID_JSON -> PARSE_ERROR;
            case INVALID_REQUEST, REQUEST_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, METHOD_NOT_ALLOWED -> INVALID_REQUEST;
            case RATE_LIMIT_EXCEEDED, BUDGET_EXCEEDED -> LIMIT_REACHED;
            case UPSTREAM_TIMEOUT -> UPSTREAM_TIMEOUT;
            case UPSTREAM_ERROR, UPSTREAM_UNAVAILABLE, UPSTREAM_AUTH_ERROR, UPSTREAM_RATE_LIMITED -> UPSTREAM_FAILED;
            case NOT_READY, IDP_UNAVAILABLE, POLICY_STORE_UNAVAILABLE, INTERNAL -> INTERNAL_ERROR;
            default -> ACCESS_DENIED;
        };
    }

    /** A successful response with {@code result}. */
    public static byte[] result(JsonNode id, JsonNode result) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        body.set("id", id);
        body.set("result", result);
        return body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
