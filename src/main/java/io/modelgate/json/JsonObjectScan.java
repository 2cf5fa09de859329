package io.modelgate.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Validates a JSON text whose root is an object, exactly as strictly as Jackson's default parser does (no comments,
 * single quotes, NaN, leading zeros or trailing commas; no control characters or malformed escapes in strings;
 * UTF-8 lead and continuation bytes checked as Jackson checks them; at most {@link #MAX_DEPTH} levels), and reports
 * where each top-level member's key and value are.
 *
 * <p>It exists for speed: a request body is mostly string content (a 100k-token prompt is ~400 KB of it), and this
 * reads strings eight bytes at a time, stopping only at a quote, a backslash, a control character or a non-ASCII
 * byte ({@link JsonGrammar} is the reader). Nothing is decoded or allocated; the caller decodes the few values it
 * needs ({@link #text}). It reads request
 * bodies, and the first event of a relayed answer ({@link io.modelgate.responses.ResponseIdReader}). Property tests hold it to
 * Jackson's verdict on generated and mutated documents ({@code JsonObjectScanProperties}).
 */
public final class JsonObjectScan {

    /** Jackson's limits as the gateway configures and defaults them. */
    static final int MAX_DEPTH = 200;
    static final int MAX_NUMBER_LENGTH = 1000;
    /**
     * Field names are refused past this many bytes. Jackson's own limit (50,000, counted in its internal units) lets
     * through no longer name than this does, and no request has a reason to come near either.
     */
    static final int MAX_NAME_BYTES = 16 * 1024;

    /**
     * Receives each top-level member: offsets into the scanned bytes, the key's and the value's quotes included;
     * returns whether to go on (false ends the scan there, the rest unread).
     */
    @FunctionalInterface
    public interface Members {
        boolean member(int keyStart, int keyEnd, boolean keyEscaped, int valueStart, int valueEnd);
    }

    /** Receives each element of an array: offsets into the scanned bytes; returns whether to go on. */
    @FunctionalInterface
    public interface Elements {
        boolean element(int start, int end);
    }

    /** The text is not valid JSON; {@link #offset} is where that became clear. */
    public static final class Malformed extends Exception {
        private final int offset;

        Malformed(int offset, String reason) {
            super(reason, null, false, false);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    /** The text starts as a JSON value, but not an object. */
    public static final class NotAnObject extends Exception {
        NotAnObject() {
            super(null, null, false, false);
        }
    }

    private static final JsonFactory DECODER = new JsonFactory();
    /** Scans {@code json}, reporting its top-level members in order. */
    public static void scan(byte[] json, Members members) throws Malformed, NotAnObject {
        scan(json, 0, json.length, members);
    }

    /** Scans the object in {@code json[from, to)} (a value an earlier scan reported, say). */
    public static void scan(byte[] json, int from, int to, Members members) throws Malformed, NotAnObject {
        new JsonGrammar(json, from, to, null).root(members);
    }

    /** Scans the array in {@code json[from, to)} (a value an earlier scan reported), reporting its elements in order. */
    public static void elements(byte[] json, int from, int to, Elements elements) throws Malformed {
        new JsonGrammar(json, from, to, null).elements(elements);
    }

    /** The members of an object nested in JSON a strict scan has validated, located by structure alone ({@link ValidatedScan}). */
    public static void validatedMembers(byte[] json, int from, int to, Members members) {
        ValidatedScan.members(json, from, to, members);
    }

    /** The elements of an array nested in JSON a strict scan has validated, located by structure alone. */
    public static void validatedElements(byte[] json, int from, int to, Elements elements) {
        ValidatedScan.elements(json, from, to, elements);
    }

    /** Whether a key the scan reported is {@code name}: decoded when it has escapes, else compared byte for byte. */
    public static boolean keyIs(byte[] json, int keyStart, int keyEnd, boolean escaped, String name) {
        if (escaped) {
            return name.equals(text(json, keyStart, keyEnd));
        }
        if (keyEnd - keyStart - 2 != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (json[keyStart + 1 + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text of a string the scan reported, {@code start} and {@code end} at its quotes; null when Jackson, which
     * decodes any with escapes or non-ASCII characters, finds it cannot be decoded (UTF-8 of a surrogate).
     */
    public static String text(byte[] json, int start, int end) {
        boolean plain = true;
        for (int i = start + 1; i < end - 1 && plain; i++) {
            plain = json[i] >= 0x20 && json[i] != '\\';
        }
        if (plain) {
            return new String(json, start + 1, end - start - 2, StandardCharsets.ISO_8859_1);
        }
        try (JsonParser parser = DECODER.createParser(json, start, end - start)) {
            parser.nextToken();
            return parser.getText();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Where the value of the top-level member {@code name} starts, reading the object no further (its value may not
     * have arrived yet); -1 when the object has no such member. Only what comes before is validated.
     */
    public static int valueStart(byte[] json, int from, int to, String name) throws Malformed, NotAnObject {
        JsonGrammar grammar = new JsonGrammar(json, from, to, name);
        grammar.root((keyStart, keyEnd, escaped, valueStart, valueEnd) -> true);
        return grammar.stoppedAt();
    }
}
