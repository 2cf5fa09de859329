package io.modelgate.json;

import io.modelgate.json.JsonObjectScan.Elements;
import io.modelgate.json.JsonObjectScan.Malformed;
import io.modelgate.json.JsonObjectScan.Members;
import io.modelgate.json.JsonObjectScan.NotAnObject;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static io.modelgate.json.JsonObjectScan.MAX_DEPTH;
import static io.modelgate.json.JsonObjectScan.MAX_NAME_BYTES;
import static io.modelgate.json.JsonObjectScan.MAX_NUMBER_LENGTH;

/**
 * The reader behind {@link JsonObjectScan}: a recursive descent over the bytes of one object, JSON's grammar as
 * Jackson enforces it, with strings read a 64-bit word at a time. One instance reads one object once.
 */
final class JsonGrammar {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    private final byte[] json;
    private final int end;
    private int pos;
    /** For {@link JsonObjectScan#valueStart}: the member to stop at, and where its value starts. */
    private final String stopAt;
    private int stoppedAt = -1;

    JsonGrammar(byte[] json, int from, int to, String stopAt) {
        this.json = json;
        this.pos = from;
        this.end = to;
        this.stopAt = stopAt;
    }

    /** Where the value of the member named {@code stopAt} starts, once {@link #root} has returned; -1 if none. */
    int stoppedAt() {
        return stoppedAt;
    }

    void root(Members members) throws Malformed, NotAnObject {
        if (end - pos >= 3 && json[pos] == (byte) 0xEF && json[pos + 1] == (byte) 0xBB && json[pos + 2] == (byte) 0xBF) {
            pos += 3; // a UTF-8 byte order mark, which Jackson skips
        }
        whitespace();
        if (pos == end || json[pos] != '{') {
            if (pos == end || startsAValue()) {
                throw new NotAnObject();
            }
            throw malformed("expected a JSON object");
        }
        pos++;
        whitespace();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                int keyStart = pos;
                boolean escaped = key();
                int keyEnd = pos;
                colon();
                int valueStart = pos;
                if (stopAt != null && JsonObjectScan.keyIs(json, keyStart, keyEnd, escaped, stopAt)) {
                    stoppedAt = valueStart;
                    return;
                }
                value(1);
                if (!members.member(keyStart, keyEnd, escaped, valueStart, pos)) {
                    return;
                }
                if (nextMember('}')) {
                    break;
                }
            }
        }
        whitespace();
        if (pos != end) {
            throw malformed("unexpected content after the object");
        }
    }

    /**
     * The array in {@code json[from, to)} (a value an earlier scan reported): each element's bounds, in order, until
     * {@code elements} says stop. Validated as {@link #root} validates an object.
     */
    void elements(Elements elements) throws Malformed {
        whitespace();
        if (peek() != '[') {
            throw malformed("expected a JSON array");
        }
        if (!array(1, elements)) { // the array is the first level, as root()'s object is
            return;
        }
        whitespace();
        if (pos != end) {
            throw malformed("unexpected content after the array");
        }
    }

    /** Whether the root begins as some other JSON value: Jackson reads its first token before seeing it is no object. */
    private boolean startsAValue() {
        byte c = json[pos];
        return c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || matches("true") || matches("false") || matches("null");
    }

    private boolean matches(String literal) {
        if (end - pos < literal.length()) {
            return false;
        }
        for (int i = 0; i < literal.length(); i++) {
            if (json[pos + i] != literal.charAt(i)) {
                return false;
            }
        }
        return pos + literal.length() == end || !Character.isJavaIdentifierPart(json[pos + literal.length()] & 0xFF);
    }

    private void value(int depth) throws Malformed {
        if (pos == end) {
            throw malformed("unexpected end of input");
        }
        switch (json[pos]) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1, null);
            case '"' -> {
                pos++;
                string(false);
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object(int depth) throws Malformed {
        tooDeep(depth);
        pos++;
        whitespace();
        if (peek() == '}') {
            pos++;
            return;
        }
        do {
            key();
            colon();
            value(depth);
        } while (!nextMember('}'));
    }

    /** An array; {@code elements}, when given, hears of each element and may stop the scan (then false). */
    private boolean array(int depth, Elements elements) throws Malformed {
        tooDeep(depth);
        pos++;
        whitespace();
        if (peek() == ']') {
            pos++;
            return true;
        }
        do {
            int start = pos;
            value(depth);
            if (elements != null && !elements.element(start, pos)) {
                return false;
            }
        } while (!nextMember(']'));
        return true;
    }

    private void tooDeep(int depth) throws Malformed {
        if (depth > MAX_DEPTH) {
            throw malformed("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** After a member or element: true at the container's end, false after a comma (white space skipped). */
    private boolean nextMember(char close) throws Malformed {
        whitespace();
        int c = peek();
        if (c == close) {
            pos++;
            return true;
        }
        if (c != ',') {
            throw malformed("expected ',' or '" + close + "'");
        }
        pos++;
        whitespace();
        return false;
    }

    /** A member's name; returns whether it holds escapes. */
    private boolean key() throws Malformed {
        if (peek() != '"') {
            throw malformed("expected a field name in double quotes");
        }
        int start = ++pos;
        boolean escaped = string(true);
        if (pos - 1 - start > MAX_NAME_BYTES) {
            throw malformed("a field name is longer than " + MAX_NAME_BYTES + " bytes");
        }
        return escaped;
    }

    private void colon() throws Malformed {
        whitespace();
        if (peek() != ':') {
            throw malformed("expected ':'");
        }
        pos++;
        whitespace();
    }

    /**
     * The rest of a string after its opening quote, through its closing one; returns whether it held escapes. A field
     * name may not hold a surrogate but as an escaped pair, as Jackson decodes names and refuses them otherwise.
     */
    private boolean string(boolean name) throws Malformed {
        boolean escaped = false;
        byte[] bytes = json; // locals: the loop below is the gateway's hottest, and fields would be re-read every turn
        int lastWord = end - Long.BYTES;
        int at = pos;
        int lastQuad = end - 4 * Long.BYTES;
        while (true) {
            // four words at a time while none holds a special byte (most of a long prompt), then word by word
            while (at <= lastQuad && (special((long) LONGS.get(bytes, at)) | special((long) LONGS.get(bytes, at + 8))
                    | special((long) LONGS.get(bytes, at + 16)) | special((long) LONGS.get(bytes, at + 24))) == 0) {
                at += 4 * Long.BYTES;
            }
            while (at <= lastWord) {
                long special = special((long) LONGS.get(bytes, at));
                if (special != 0) {
                    at += Long.numberOfTrailingZeros(special) >>> 3; // the lowest flag is always a true one
                    break;
                }
                at += Long.BYTES;
            }
            pos = at;
            if (at == end) {
                throw malformed("unterminated string");
            }
            int c = bytes[at] & 0xFF;
            if (c == '"') {
                pos = at + 1;
                return escaped;
            } else if (c == '\\') {
                escape(name);
                escaped = true;
            } else if (c < 0x20) {
                throw malformed("a control character in a string must be escaped");
            } else if (c < 0x80) {
                pos++; // within the last eight bytes, read one by one
            } else {
                utf8(c, name);
            }
            at = pos;
        }
    }

    /**
     * The high bit of each of eight bytes (little-endian: the first byte lowest) that ends the fast path — a quote, a
     * backslash, a control character or a non-ASCII byte. Borrows may flag bytes above a true one, never below it.
     */
    private static long special(long word) {
        // A byte of 0x80 or above is flagged by its own high bit, so the usual "& ~x" that keeps such bytes from
        // flagging themselves in the three subtractions is not needed: three fewer operations per word.
        return (word | ((word ^ QUOTES) - ONES) | ((word ^ BACKSLASHES) - ONES) | (word - SPACES)) & HIGHS;
    }

    private void escape(boolean name) throws Malformed {
        if (pos + 1 >= end) {
            throw malformed("unterminated escape");
        }
        switch (json[pos + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> pos += 2;
            case 'u' -> {
                if (pos + 6 > end) {
                    throw malformed("unterminated \\u escape");
                }
                char unit = hex(pos + 2);
                pos += 6;
                if (name && Character.isLowSurrogate(unit)) {
                    throw malformed("a low surrogate without a high one in a field name");
                }
                if (name && Character.isHighSurrogate(unit)) {
                    if (pos + 6 > end || json[pos] != '\\' || json[pos + 1] != 'u' || !Character.isLowSurrogate(hex(pos + 2))) {
                        throw malformed("a high surrogate without a low one in a field name");
                    }
                    pos += 6; // the pair's low half
                }
            }
            default -> throw malformed("unrecognised escape");
        }
    }

    /** The four hexadecimal digits of a {@code \\u} escape at {@code at}, as a UTF-16 unit. */
    private char hex(int at) throws Malformed {
        int unit = 0;
        for (int i = at; i < at + 4; i++) {
            int digit = Character.digit(json[i], 16);
            if (digit < 0) {
                throw malformed("a \\u escape needs four hexadecimal digits");
            }
            unit = unit << 4 | digit;
        }
        return (char) unit;
    }

    /** A multi-byte character, its lead byte {@code lead}: the continuation bytes Jackson requires after it. */
    private void utf8(int lead, boolean name) throws Malformed {
        int continuations;
        if ((lead & 0xE0) == 0xC0) {
            continuations = 1;
        } else if ((lead & 0xF0) == 0xE0) {
            continuations = 2;
        } else if ((lead & 0xF8) == 0xF0) {
            continuations = 3;
        } else {
            throw malformed("invalid UTF-8");
        }
        if (pos + continuations >= end) {
            throw malformed("invalid UTF-8");
        }
        for (int i = 1; i <= continuations; i++) {
            if ((json[pos + i] & 0xC0) != 0x80) {
                throw malformed("invalid UTF-8");
            }
        }
        if (lead == 0xED && (json[pos + 1] & 0xFF) >= 0xA0) { // U+D800..U+DFFF: not UTF-8, and no upstream decodes it
            throw malformed(name ? "UTF-8 of a surrogate in a field name" : "UTF-8 of a surrogate in a string");
        }
        pos += continuations + 1;
    }

    private void literal(String literal) throws Malformed {
        for (int i = 0; i < literal.length(); i++) {
            if (pos + i == end || json[pos + i] != literal.charAt(i)) {
                throw malformed("unrecognised token");
            }
        }
        pos += literal.length();
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, within Jackson's length limit. */
    private void number() throws Malformed {
        if (json[pos] == '-') {
            pos++;
        }
        int integerStart = pos;
        if (peek() == '0') {
            pos++;
            if (digit(peek())) {
                throw malformed("leading zeros are not allowed");
            }
        } else if (!digits()) {
            throw malformed("unexpected character");
        }
        int length = pos - integerStart;
        boolean fraction = false;
        if (peek() == '.') {
            pos++;
            int start = pos;
            if (!digits()) {
                throw malformed("a decimal point must be followed by a digit");
            }
            length += pos - start;
            fraction = true;
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            int start = pos;
            if (!digits()) {
                throw malformed("an exponent needs a digit");
            }
            length += pos - start;
            fraction = true;
        }
        if (length > MAX_NUMBER_LENGTH) {
            throw malformed((fraction ? "a number" : "an integer") + " longer than " + MAX_NUMBER_LENGTH + " digits");
        }
    }

    private boolean digits() {
        int start = pos;
        while (digit(peek())) {
            pos++;
        }
        return pos > start;
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    private void whitespace() {
        while (pos < end) {
            byte c = json[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /** The byte at the position, or -1 at the end. */
    private int peek() {
        return pos < end ? json[pos] & 0xFF : -1;
    }

    private Malformed malformed(String reason) {
        return new Malformed(pos, reason);
    }
}
