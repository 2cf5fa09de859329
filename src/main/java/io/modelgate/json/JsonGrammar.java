package io.modelgate.json;

import io.modelgate.json.JsonObjectScan.Elements;
import io.modelgate.json.JsonObjectScan.Malformed;
import io.modelgate.json.JsonObjectScan.Members;
import io.modelgate.json.JsonObjectScan.NotAnObject;

import static io.modelgate.json.JsonObjectScan.MAX_DEPTH;
import static io.modelgate.json.JsonObjectScan.MAX_NAME_BYTES;

/**
 * The reader behind {@link JsonObjectScan}: a recursive descent over the bytes of one object, JSON's grammar as
 * Jackson enforces it; its tokens — strings read a 64-bit word at a time, numbers, literals — are read by {@link JsonLexemes}.
 * One instance reads one object once.
 */
final class JsonGrammar extends JsonLexemes {

    /** For {@link JsonObjectScan#valueStart}: the member to stop at, and where its value starts. */
    private final String stopAt;
    private int stoppedAt = -1;

    JsonGrammar(byte[] json, int from, int to, String stopAt) {
        super(json, from, to);
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
            rootEnd();
        } else {
            members(members);
        }
    }

    /** The root object's members from the key at {@code pos} on, and its end. */
    private void members(Members members) throws Malformed {
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
        rootEnd();
    }

    private void rootEnd() throws Malformed {
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
}
