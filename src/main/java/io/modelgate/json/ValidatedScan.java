package io.modelgate.json;

/**
 * The members of an object, or the elements of an array, inside JSON a strict scan ({@link JsonObjectScan}) has
 * already validated: structure only — a string is skipped to its closing quote, a container by its nesting, a number
 * or literal to its end — with no validation, so reading a chunk's nested members costs a fraction of scanning them
 * again strictly. Only ever given bytes a strict scan accepted; on others it may report nonsense, never fail safe.
 * Reports the same spans as the strict scan.
 */
final class ValidatedScan {

    private ValidatedScan() {
    }

    /** The members of the object in {@code json[from, to)}, as {@link JsonObjectScan#scan} reports them. */
    static void members(byte[] json, int from, int to, JsonObjectScan.Members members) {
        int pos = whitespace(json, from, to) + 1; // past '{'
        pos = whitespace(json, pos, to);
        if (json[pos] == '}') {
            return;
        }
        while (true) {
            int keyStart = pos;
            boolean escaped = false;
            pos++;
            while (json[pos] != '"') {
                if (json[pos] == '\\') {
                    escaped = true;
                    pos++;
                }
                pos++;
            }
            int keyEnd = ++pos;
            pos = whitespace(json, whitespace(json, pos, to) + 1, to); // past ':'
            int valueStart = pos;
            pos = valueEnd(json, pos, to);
            if (!members.member(keyStart, keyEnd, escaped, valueStart, pos)) {
                return;
            }
            pos = whitespace(json, pos, to);
            if (json[pos] != ',') {
                return; // '}'
            }
            pos = whitespace(json, pos + 1, to);
        }
    }

    /** The elements of the array in {@code json[from, to)}, as {@link JsonObjectScan#elements} reports them. */
    static void elements(byte[] json, int from, int to, JsonObjectScan.Elements elements) {
        int pos = whitespace(json, from, to) + 1; // past '['
        pos = whitespace(json, pos, to);
        if (json[pos] == ']') {
            return;
        }
        while (true) {
            int start = pos;
            pos = valueEnd(json, pos, to);
            if (!elements.element(start, pos)) {
                return;
            }
            pos = whitespace(json, pos, to);
            if (json[pos] != ',') {
                return; // ']'
            }
            pos = whitespace(json, pos + 1, to);
        }
    }

    /** Where the value starting at {@code pos} ends (exclusive). */
    private static int valueEnd(byte[] json, int pos, int to) {
        byte first = json[pos];
        if (first == '"') {
            return stringEnd(json, pos + 1);
        }
        if (first != '{' && first != '[') { // a number or literal: up to what follows it
            while (pos < to) {
                byte c = json[pos];
                if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    break;
                }
                pos++;
            }
            return pos;
        }
        int depth = 0;
        while (true) {
            byte c = json[pos];
            if (c == '"') {
                pos = stringEnd(json, pos + 1);
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return pos + 1;
            }
            pos++;
        }
    }

    /** Past the closing quote of the string whose contents start at {@code pos}. */
    private static int stringEnd(byte[] json, int pos) {
        while (true) {
            byte c = json[pos];
            if (c == '"') {
                return pos + 1;
            }
            pos += c == '\\' ? 2 : 1;
        }
    }

    private static int whitespace(byte[] json, int pos, int to) {
        while (pos < to) {
            byte c = json[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            pos++;
        }
        return pos;
    }
}
