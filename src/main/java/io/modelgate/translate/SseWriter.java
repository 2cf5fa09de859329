package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Writes server-sent events whose data is a JSON object straight into the caller's text: no tree and no generator,
 * only appends, as this runs for every event of every translated stream. {@link #begin} writes the event's name and
 * opens its object with its {@code type}; the caller writes the other fields; {@link #end} closes it. Field names
 * are the translator's own constants and written as they are; values are escaped as JSON requires.
 */
final class SseWriter {

    /** Nesting the events written here never exceed. */
    private static final int MAX_DEPTH = 8;
    private static final String HEX = "0123456789ABCDEF";

    private StringBuilder out;
    /** Per open object or array, whether a member has been written (so the next one needs a comma). */
    private final boolean[] filled = new boolean[MAX_DEPTH];
    private int depth;

    /** Starts event {@code type} (its SSE name too) in {@code out}, inside the event's object. */
    SseWriter begin(StringBuilder out, String type) {
        this.out = out;
        out.append("event: ").append(type).append("\ndata: {\"type\":\"").append(type).append('"');
        depth = 0;
        filled[0] = true;
        return this;
    }

    /** Closes the event's object and the event. */
    void end() {
        out.append("}\n\n");
    }

    SseWriter field(String name, String value) {
        name(name);
        if (value == null) {
            out.append("null");
        } else {
            quote(out, value);
        }
        return this;
    }

    SseWriter field(String name, long value) {
        name(name).append(value);
        return this;
    }

    SseWriter nullField(String name) {
        name(name).append("null");
        return this;
    }

    /** A tree as the value of {@code name}, written as it is now. */
    SseWriter tree(String name, JsonNode value) {
        name(name);
        write(value);
        return this;
    }

    /** A tree's JSON, appended directly (Jackson's own writer sets up a serializer for every tree it writes). */
    private void write(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    quote(out, member.getKey());
                    out.append(':');
                    write(member.getValue());
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i));
                }
                out.append(']');
            }
            case STRING -> quote(out, node.textValue());
            case NUMBER, BOOLEAN -> out.append(node.asText());
            case NULL, MISSING -> out.append("null");
            default -> out.append(node); // binary and POJO values: Jackson writes them
        }
    }

    /** Opens an object as the value of {@code name}. */
    SseWriter object(String name) {
        name(name).append('{');
        filled[++depth] = false;
        return this;
    }

    SseWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    /** An empty array as the value of {@code name}. */
    SseWriter emptyArray(String name) {
        name(name).append("[]");
        return this;
    }

    private StringBuilder name(String name) {
        if (filled[depth]) {
            out.append(',');
        }
        filled[depth] = true;
        return out.append('"').append(name).append("\":");
    }

    /** {@code text} as a JSON string: quotes, backslashes and control characters escaped, all else as it is. */
    static void quote(StringBuilder out, String text) {
        out.append('"');
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, from, i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            }
            from = i + 1;
        }
        out.append(text, from, text.length()).append('"');
    }
}
