package io.modelgate.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.Map;

/**
 * Writes JSON trees and strings as UTF-8 straight into the buffer that is sent: what a translated request and a
 * translated stream's events are made of. The same text as Jackson writes, without the serializer Jackson sets up
 * for each tree it writes and without a copy between its output and the buffer.
 */
public final class JsonBytes {

    private static final String HEX = "0123456789ABCDEF";

    private JsonBytes() {
    }

    /** {@code tree} as JSON, in a buffer of its own. */
    public static ByteBuf of(JsonNode tree) {
        ByteBuf out = Unpooled.buffer(256);
        write(out, tree);
        return out;
    }

    /** {@code tree} as JSON bytes. */
    public static byte[] bytes(JsonNode tree) {
        return ByteBufUtil.getBytes(of(tree));
    }

    /** A tree's JSON, appended directly (Jackson's own writer sets up a serializer for every tree it writes). */
    public static void write(ByteBuf out, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeByte('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    if (!first) {
                        out.writeByte(',');
                    }
                    first = false;
                    quote(out, member.getKey());
                    out.writeByte(':');
                    write(out, member.getValue());
                }
                out.writeByte('}');
            }
            case ARRAY -> {
                out.writeByte('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.writeByte(',');
                    }
                    write(out, node.get(i));
                }
                out.writeByte(']');
            }
            case STRING -> quote(out, node.textValue());
            case NUMBER -> {
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    number(out, node.longValue());
                } else {
                    ascii(out, node.asText());
                }
            }
            case BOOLEAN -> ascii(out, node.booleanValue() ? "true" : "false");
            case NULL, MISSING -> ascii(out, "null");
            default -> ByteBufUtil.writeUtf8(out, node.toString()); // binary and POJO values: Jackson writes them
        }
    }

    /**
     * Text known to be ASCII (JSON's syntax, field and event names, literals), appended a byte a character. Into a heap
     * buffer it is one bulk copy of the string's own bytes: Netty's {@code writeAscii} stores them one at a time, and
     * a translated stream writes a few hundred such names per call.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) drops each char's high byte: exact for ASCII
    public static void ascii(ByteBuf out, String text) {
        int length = text.length();
        out.ensureWritable(length);
        if (!out.hasArray()) {
            ByteBufUtil.writeAscii(out, text);
            return;
        }
        int at = out.writerIndex();
        text.getBytes(0, length, out.array(), out.arrayOffset() + at);
        out.writerIndex(at + length);
    }

    /** {@code value}'s decimal digits, as {@link Long#toString(long)} writes them, without making that string. */
    public static void number(ByteBuf out, long value) {
        if (value >= 0 && value < 10) {
            out.writeByte('0' + (int) value);
        } else if (value == Long.MIN_VALUE) {
            ByteBufUtil.writeAscii(out, Long.toString(value));
        } else {
            if (value < 0) {
                out.writeByte('-');
                value = -value;
            }
            int digits = 1;
            for (long rest = value / 10; rest > 0; rest /= 10) {
                digits++;
            }
            out.ensureWritable(digits);
            int end = out.writerIndex() + digits;
            for (int at = end - 1; at >= out.writerIndex(); at--) {
                out.setByte(at, '0' + (int) (value % 10));
                value /= 10;
            }
            out.writerIndex(end);
        }
    }

    /**
     * {@code text} as a JSON string in UTF-8: quotes, backslashes and control characters escaped, all else as it is.
     * Keys and most values are ASCII with nothing to escape: those go straight into the buffer's array, a byte a
     * character; from the first character that is not, the rest is encoded a run at a time.
     */
    public static void quote(ByteBuf out, String text) {
        int length = text.length();
        out.ensureWritable(length + 2);
        if (!out.hasArray()) {
            out.writeByte('"');
            escape(out, text, 0);
            return;
        }
        byte[] bytes = out.array();
        int offset = out.arrayOffset();
        int at = offset + out.writerIndex();
        bytes[at++] = '"';
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || c < 0x20 || c == '"' || c == '\\') {
                out.writerIndex(at - offset);
                escape(out, text, i);
                return;
            }
            bytes[at++] = (byte) c;
        }
        bytes[at++] = '"';
        out.writerIndex(at - offset);
    }

    /** {@code text} from {@code start} on, escaped and encoded, and the closing quote. */
    private static void escape(ByteBuf out, String text, int start) {
        int from = start;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            if (i > from) {
                ByteBufUtil.writeUtf8(out, text, from, i);
            }
            switch (c) {
                case '"' -> ByteBufUtil.writeAscii(out, "\\\"");
                case '\\' -> ByteBufUtil.writeAscii(out, "\\\\");
                case '\n' -> ByteBufUtil.writeAscii(out, "\\n");
                case '\r' -> ByteBufUtil.writeAscii(out, "\\r");
                case '\t' -> ByteBufUtil.writeAscii(out, "\\t");
                case '\b' -> ByteBufUtil.writeAscii(out, "\\b");
                case '\f' -> ByteBufUtil.writeAscii(out, "\\f");
                default -> out.writeByte('\\').writeByte('u').writeByte('0').writeByte('0').writeByte(HEX.charAt(c >> 4)).writeByte(HEX.charAt(c & 0xF));
            }
            from = i + 1;
        }
        if (text.length() > from) {
            ByteBufUtil.writeUtf8(out, text, from, text.length());
        }
        out.writeByte('"');
    }
}
