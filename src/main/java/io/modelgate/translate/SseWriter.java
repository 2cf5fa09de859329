package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.json.JsonBytes;
import io.modelgate.json.JsonText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Writes server-sent events whose data is a JSON object straight into the bytes the caller gets (UTF-8): no tree, no
 * generator and no text to encode afterwards, only appends, as this runs for every event of every translated stream. {@link #begin} writes the event's name and
 * opens its object with its {@code type}; the caller writes the other fields; {@link #end} closes it. Field names
 * are the translator's own constants and written as they are; values are escaped as JSON requires.
 */
final class SseWriter {

    /** Nesting the events written here never exceed. */
    private static final int MAX_DEPTH = 8;

    private ByteBuf out;
    /** Per open object or array, whether a member has been written (so the next one needs a comma). */
    private final boolean[] filled = new boolean[MAX_DEPTH];
    private int depth;
    /** The buffer the last tree was written whole into (null: none yet), and where its JSON began and ended there. */
    private ByteBuf treeIn;
    private int treeStart;
    private int treeEnd;

    /** Starts event {@code type} (its SSE name too) in {@code out}, inside the event's object. */
    SseWriter begin(ByteBuf out, String type) {
        this.out = out;
        ascii("event: ").ascii(type).ascii("\ndata: {\"type\":\"").ascii(type).ascii("\"");
        depth = 0;
        filled[0] = true;
        return this;
    }

    /** Starts an event of only {@code data}, an object (a chat completions chunk): the caller writes its fields. */
    SseWriter data(ByteBuf out) {
        this.out = out;
        ascii("data: {");
        depth = 0;
        filled[0] = false;
        return this;
    }

    /**
     * Goes on writing in {@code out} inside an object the caller opened itself (an event's unchanging start, written as
     * bytes it made once), {@code depth} levels into the event's data ({@code 0}: its object itself), each outer level
     * with a member written; {@code written}: whether the innermost has one too. Whatever the writer does not close, the
     * caller does.
     */
    SseWriter within(ByteBuf out, int depth, boolean written) {
        this.out = out;
        this.depth = depth;
        java.util.Arrays.fill(filled, 0, depth, true);
        filled[depth] = written;
        return this;
    }

    /**
     * What {@code write} writes into the buffer it is given, as bytes: the start of an event that is the same each
     * time, made once and then copied, its objects left open for {@link #within}.
     */
    static byte[] bytes(BiConsumer<SseWriter, ByteBuf> write) {
        ByteBuf out = Unpooled.buffer(160);
        write.accept(new SseWriter(), out);
        return ByteBufUtil.getBytes(out);
    }

    /** An event of only {@code data}, the tree {@code data}. */
    void data(ByteBuf out, JsonNode data) {
        this.out = out;
        ascii("data: ");
        JsonBytes.write(out, data);
        ascii("\n\n");
    }

    /** An event of only {@code data}, the text {@code data} as it is ({@code [DONE]}). */
    static void data(ByteBuf out, String data) {
        JsonBytes.ascii(out, "data: ");
        ByteBufUtil.writeUtf8(out, data);
        JsonBytes.ascii(out, "\n\n");
    }

    /** Closes the event's object and the event. */
    void end() {
        ascii("}\n\n");
    }

    SseWriter field(String name, String value) {
        name(name);
        if (value == null) {
            ascii("null");
        } else {
            JsonBytes.quote(out, value);
        }
        return this;
    }

    /** A string that is JSON already (as it arrived in the upstream's answer): copied as it is. */
    SseWriter field(String name, JsonText value) {
        name(name);
        if (value == null) {
            ascii("null");
        } else {
            out.writeBytes(value.json());
        }
        return this;
    }

    SseWriter field(String name, long value) {
        name(name);
        JsonBytes.number(out, value);
        return this;
    }

    SseWriter nullField(String name) {
        name(name).ascii("null");
        return this;
    }

    /** A tree as the value of {@code name}, written as it is now; {@link #sameTree} can copy it into a later event. */
    SseWriter tree(String name, JsonNode value) {
        name(name);
        int start = out.writerIndex();
        JsonBytes.write(out, value);
        return remember(start);
    }

    /** An object as the value of {@code name}, its members written by {@code members}; remembered as {@link #tree} is. */
    SseWriter object(String name, Consumer<SseWriter> members) {
        object(name);
        int start = out.writerIndex() - 1; // at the brace just opened
        members.accept(this);
        return endObject().remember(start);
    }

    private SseWriter remember(int start) {
        treeIn = out;
        treeStart = start;
        treeEnd = out.writerIndex();
        return this;
    }

    /** A tree as the value of {@code name}, as it is now (null: JSON's null); not remembered. */
    SseWriter value(String name, JsonNode value) {
        name(name);
        if (value == null) {
            ascii("null");
        } else {
            JsonBytes.write(out, value);
        }
        return this;
    }

    /** Members written as JSON already ({@code "a":1,"b":2}), in the open object; nothing when there are none. */
    SseWriter members(ByteBuf json) {
        if (json.isReadable()) {
            if (filled[depth]) {
                out.writeByte(',');
            }
            filled[depth] = true;
            out.writeBytes(json, json.readerIndex(), json.readableBytes());
        }
        return this;
    }

    /**
     * As the value of {@code name}, the JSON of the last tree this writer wrote, copied from where it was written: what
     * two events that carry the same object share. Only while that buffer still holds it (in the same translation step).
     */
    SseWriter sameTree(String name) {
        name(name);
        return sameTreeInto(out);
    }

    /** The JSON of the last tree this writer wrote, appended to {@code into}; as {@link #sameTree}, only while it is there. */
    SseWriter sameTreeInto(ByteBuf into) {
        into.writeBytes(lastTree(), treeStart, treeEnd - treeStart);
        return this;
    }

    /** The JSON of the last tree this writer wrote, as text; as {@link #sameTree}, only while it is there. */
    String sameTreeText() {
        return lastTree().toString(treeStart, treeEnd - treeStart, StandardCharsets.UTF_8);
    }

    /** The buffer the last tree was written into. */
    private ByteBuf lastTree() {
        if (treeIn == null) {
            throw new IllegalStateException("no tree was written whole to copy");
        }
        return treeIn;
    }

    /** Opens an object as the value of {@code name}. */
    SseWriter object(String name) {
        name(name).out.writeByte('{');
        filled[++depth] = false;
        return this;
    }

    /** Opens an array as the value of {@code name}. */
    SseWriter array(String name) {
        name(name).out.writeByte('[');
        filled[++depth] = false;
        return this;
    }

    /** Opens an object as the next element of the open array. */
    SseWriter element() {
        if (filled[depth]) {
            out.writeByte(',');
        }
        filled[depth] = true;
        out.writeByte('{');
        filled[++depth] = false;
        return this;
    }

    SseWriter endArray() {
        depth--;
        out.writeByte(']');
        return this;
    }

    SseWriter endObject() {
        depth--;
        out.writeByte('}');
        return this;
    }

    /** An empty array as the value of {@code name}. */
    SseWriter emptyArray(String name) {
        name(name).ascii("[]");
        return this;
    }

    private SseWriter name(String name) {
        if (filled[depth]) {
            out.writeByte(',');
        }
        filled[depth] = true;
        out.writeByte('"');
        return ascii(name).ascii("\":");
    }

    /** Text known to be ASCII: the writer's own syntax, event and field names, numbers. */
    private SseWriter ascii(String text) {
        JsonBytes.ascii(out, text);
        return this;
    }

}
