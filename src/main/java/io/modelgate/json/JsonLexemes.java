package io.modelgate.json;

import io.modelgate.json.JsonObjectScan.Malformed;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static io.modelgate.json.JsonObjectScan.MAX_NUMBER_LENGTH;

/**
 * JSON's tokens as Jackson reads them, for {@link JsonGrammar}: strings (escapes, UTF-8 checked as Jackson checks it,
 * read a 64-bit word at a time while nothing in them needs a look), numbers within Jackson's length limit, literals,
 * white space; each read at {@link #pos}, which it moves past the token.
 */
abstract class JsonLexemes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    final byte[] json;
    final int end;
    int pos;

    JsonLexemes(byte[] json, int from, int to) {
        this.json = json;
        this.pos = from;
        this.end = to;
    }

    /**
     * The rest of a string after its opening quote, through its closing one; returns whether it held escapes. A field
     * name may not hold a surrogate but as an escaped pair, as Jackson decodes names and refuses them otherwise.
     */
    boolean string(boolean name) throws Malformed {
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

    void literal(String literal) throws Malformed {
        for (int i = 0; i < literal.length(); i++) {
            if (pos + i == end || json[pos + i] != literal.charAt(i)) {
                throw malformed("unrecognised token");
            }
        }
        pos += literal.length();
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, within Jackson's length limit. */
    void number() throws Malformed {
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
            length += requiredDigits("a decimal point must be followed by a digit");
            fraction = true;
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            length += requiredDigits("an exponent needs a digit");
            fraction = true;
        }
        if (length > MAX_NUMBER_LENGTH) {
            throw malformed((fraction ? "a number" : "an integer") + " longer than " + MAX_NUMBER_LENGTH + " digits");
        }
    }

    /** A run of one digit or more, as a fraction or an exponent needs; returns how many. */
    private int requiredDigits(String ifNone) throws Malformed {
        int start = pos;
        if (!digits()) {
            throw malformed(ifNone);
        }
        return pos - start;
    }

    private boolean digits() {
        int start = pos;
        while (digit(peek())) {
            pos++;
        }
        return pos > start;
    }

    static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    void whitespace() {
        while (pos < end) {
            byte c = json[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /** The byte at the position, or -1 at the end. */
    int peek() {
        return pos < end ? json[pos] & 0xFF : -1;
    }

    Malformed malformed(String reason) {
        return new Malformed(pos, reason);
    }
}
