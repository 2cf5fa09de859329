package io.modelgate.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/** The JSON trees translations read and write: Jackson's tree model, which needs no reflection. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** A JSON document; null when it is not one. */
    static JsonNode parse(byte[] bytes, int from, int length) {
        try {
            return MAPPER.readTree(bytes, from, length);
        } catch (IOException e) {
            return null;
        }
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The text of a node that should be a string; {@code otherwise} when it is absent, null or not a string. */
    static String text(JsonNode node, String otherwise) {
        return node != null && node.isTextual() ? node.asText() : otherwise;
    }
}
