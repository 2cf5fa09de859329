package io.modelgate.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON string as it was written: its UTF-8 bytes, quotes and escapes included, copied out of a scanned document, and
 * decoded only when its value is asked for. A translator relaying a streamed text delta into another JSON event copies
 * {@link #json()} as it is: the text is neither decoded nor escaped again.
 */
public final class JsonText {

    private final byte[] json;
    private String value;

    private JsonText(byte[] json, String value) {
        this.json = json;
        this.value = value;
    }

    /** The string {@link JsonObjectScan} reported at {@code json[start, end)}, quotes included (so already valid JSON). */
    public static JsonText of(byte[] json, int start, int end) {
        return new JsonText(Arrays.copyOfRange(json, start, end), null);
    }

    /** The string as JSON: its UTF-8 bytes with its quotes. Not to be changed. */
    public byte[] json() {
        return json;
    }

    /** The decoded text; null when it cannot be decoded (an escaped lone surrogate, which Jackson refuses too). */
    public String value() {
        String text = value;
        if (text == null) {
            text = value = JsonObjectScan.text(json, 0, json.length);
        }
        return text;
    }

    /** Whether the string is {@code ""}. */
    public boolean isEmpty() {
        return json.length == 2;
    }

    /** The decoded value of {@code text}, or null when there is none. */
    public static String valueOf(JsonText text) {
        return text == null ? null : text.value();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonText text && Arrays.equals(json, text.json);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        return new String(json, StandardCharsets.UTF_8);
    }
}
