package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Plain parameters edited as text, one {@code name: value} per line. Numbers and true/false are read as
 * such; a text that would read as one is written in double quotes so that it stays text; a list of texts is
 * written {@code [a, b]}.
 */
final class KeyValueLines {

    private KeyValueLines() {
    }

    /** The fields of {@code node}, except {@code skip}, one per line. */
    static String format(JsonNode node, Set<String> skip) {
        StringBuilder text = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (skip.contains(field.getKey()) || value.isNull() || !value.isValueNode() && !isListOfTexts(value)) {
                continue;
            }
            String shown = value.isArray() ? list(value)
                    : value.isTextual() && !read(value.asText()).isTextual() ? '"' + value.asText() + '"' : value.asText();
            text.append(field.getKey()).append(": ").append(shown).append('\n');
        }
        return text.toString();
    }

    /**
     * Adds each line's parameter to {@code target}.
     *
     * @throws IllegalArgumentException naming the first line that is not {@code name: value}
     */
    static void parseInto(String text, ObjectNode target) {
        if (text == null) {
            return;
        }
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).trim();
            if (name.isEmpty() || !name.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not of the form name: value");
            }
            target.set(name, read(line.substring(colon + 1).trim()));
        }
    }

    private static boolean isListOfTexts(JsonNode value) {
        if (!value.isArray()) {
            return false;
        }
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().contains(",") || item.asText().contains("]")) {
                return false;
            }
        }
        return true;
    }

    private static String list(JsonNode value) {
        StringBuilder text = new StringBuilder("[");
        value.forEach(item -> text.append(text.length() > 1 ? ", " : "").append(item.asText()));
        return text.append(']').toString();
    }

    private static JsonNode read(String value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value.startsWith("[") && value.endsWith("]")) {
            var items = nodes.arrayNode();
            for (String item : value.substring(1, value.length() - 1).split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            return items;
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return nodes.textNode(value.substring(1, value.length() - 1));
        }
        if (value.equals("true") || value.equals("false")) {
            return nodes.booleanNode(Boolean.parseBoolean(value));
        }
        if (value.matches("-?\\d+")) {
            try {
                long number = Long.parseLong(value);
                return number == (int) number ? nodes.numberNode((int) number) : nodes.numberNode(number);
            } catch (NumberFormatException e) {
                return nodes.textNode(value);
            }
        }
        if (value.matches("-?\\d*\\.\\d+")) {
            return nodes.numberNode(Double.parseDouble(value));
        }
        return nodes.textNode(value);
    }
}
