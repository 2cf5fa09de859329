package io.modelgate.translate;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes server-sent events whose data is a JSON object, straight from a streaming generator into the caller's text:
 * no tree is built for an event, and one generator serves a whole answer. {@link #begin} writes the event's name and
 * opens its object with its {@code type}; the caller writes the other fields; {@link #end} closes it.
 */
final class SseWriter {

    /** The generator's sink: the text of whichever call is writing. */
    private static final class Target extends Writer {
        private StringBuilder out;

        @Override
        public void write(char[] chars, int from, int length) {
            out.append(chars, from, length);
        }

        @Override
        public void write(String text, int from, int length) {
            out.append(text, from, from + length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private final Target target = new Target();
    private final JsonGenerator json;

    SseWriter() {
        try {
            json = Json.MAPPER.getFactory().createGenerator(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.setRootValueSeparator(null);
    }

    /** Starts event {@code type} (its SSE name too) in {@code out}; returns the generator, inside the event's object. */
    JsonGenerator begin(StringBuilder out, String type) {
        target.out = out;
        out.append("event: ").append(type).append("\ndata: ");
        try {
            json.writeStartObject();
            json.writeStringField("type", type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json;
    }

    /** The answer is complete: the generator's buffers go back to Jackson's pool for the next answer on this thread. */
    void close() {
        try {
            json.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generator, for an event begun and not yet ended. */
    JsonGenerator json() {
        return json;
    }

    /** Closes the event's object and the event. */
    void end() {
        try {
            json.writeEndObject();
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        target.out.append("\n\n");
    }
}
