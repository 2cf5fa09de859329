package io.modelgate.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Some members of one JSON object, located by one {@link JsonObjectScan} (which validates the object as strictly as
 * Jackson) and read only when asked: a string as {@link JsonText} or decoded, an integer, a nested object's members,
 * or — for the rare value that is needed whole — a tree. How the gateway reads the events of an upstream's stream:
 * no parser is set up and no tree built for each.
 *
 * <p>Members are asked for by their position in the names the fields were located with; an absent one (or one of
 * another type than asked) reads as null, or as the default given. When a name repeats, the last one counts.
 */
public final class JsonFields implements JsonObjectScan.Members {

    private static final ObjectMapper TREES = new ObjectMapper();
    private static final int[] NONE = new int[0];

    private final byte[] json;
    /** What is looked for; null for fields known absent. */
    private final Names names;
    /** The value of member {@code i} is {@code json[found[2i], found[2i + 1])}; -1 when absent. */
    private final int[] found;

    private JsonFields(byte[] json, Names names) {
        this.json = json;
        this.names = names;
        this.found = new int[2 * names.size()];
        Arrays.fill(found, -1);
    }

    private JsonFields(byte[] json, int[] found) {
        this.json = json;
        this.names = null;
        this.found = found;
    }

    /**
     * The member names a reader asks for, in the order it asks by, encoded once: a key is matched by its bytes, as it
     * lies in the JSON (decoded only when it holds escapes).
     */
    public static final class Names {
        private final String[] names;
        private final byte[][] encoded;

        private Names(String[] names) {
            this.names = names.clone();
            this.encoded = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                encoded[i] = names[i].getBytes(StandardCharsets.UTF_8);
            }
        }

        public static Names of(String... names) {
            return new Names(names);
        }

        /** Which name the key {@code json[keyStart, keyEnd)} (quotes included) is; -1 when none. */
        int indexOf(byte[] json, int keyStart, int keyEnd, boolean escaped) {
            if (escaped) {
                String key = JsonObjectScan.text(json, keyStart, keyEnd);
                return key == null ? -1 : Arrays.asList(names).indexOf(key);
            }
            int length = keyEnd - keyStart - 2;
            for (int i = 0; i < encoded.length; i++) {
                byte[] name = encoded[i];
                if (name.length == length && Arrays.equals(json, keyStart + 1, keyEnd - 1, name, 0, length)) {
                    return i;
                }
            }
            return -1;
        }

        int size() {
            return encoded.length;
        }
    }

    /** The members {@code names} of the object in {@code json[from, to)}, validated strictly. */
    public static JsonFields of(byte[] json, int from, int to, Names names) throws JsonObjectScan.Malformed, JsonObjectScan.NotAnObject {
        JsonFields fields = new JsonFields(json, names);
        JsonObjectScan.scan(json, from, to, fields);
        return fields;
    }

    /**
     * The members {@code names} of an object nested in JSON a strict scan has validated (an element of a member's
     * array, say): located by structure alone, without validating again.
     */
    public static JsonFields ofValidated(byte[] json, int from, int to, Names names) {
        JsonFields fields = new JsonFields(json, names);
        JsonObjectScan.validatedMembers(json, from, to, fields);
        return fields;
    }

    /**
     * For the scan that locates the fields only: each member it reports, recorded when it is one of the names (the
     * fields are the scan's listener themselves, so locating an object's members allocates nothing else).
     */
    @Override
    public boolean member(int keyStart, int keyEnd, boolean escaped, int valueStart, int valueEnd) {
        int i = names.indexOf(json, keyStart, keyEnd, escaped);
        if (i >= 0) {
            found[2 * i] = valueStart;
            found[2 * i + 1] = valueEnd;
        }
        return true;
    }

    /** The members {@code names} of member {@code i}, an object; when it is absent or no object, fields all absent. */
    public JsonFields in(int i, Names names) {
        return is(i, '{') ? ofValidated(json, start(i), end(i), names) : new JsonFields(json, NONE);
    }

    public boolean has(int i) {
        return 2 * i < found.length && found[2 * i] >= 0;
    }

    /** Whether member {@code i} is there and its value starts with {@code first}: an object, an array, a string. */
    public boolean is(int i, char first) {
        return has(i) && json[found[2 * i]] == first;
    }

    /** Whether member {@code i} is JSON's {@code null} (or absent). */
    public boolean isNull(int i) {
        return !has(i) || json[found[2 * i]] == 'n';
    }

    /** Where member {@code i}'s value starts in the bytes. */
    public int start(int i) {
        return found[2 * i];
    }

    /** Where member {@code i}'s value ends (exclusive). */
    public int end(int i) {
        return found[2 * i + 1];
    }

    /** The bytes the members lie in. */
    public byte[] bytes() {
        return json;
    }

    /** Member {@code i}, a string, as JSON text; null when it is no string. */
    public JsonText text(int i) {
        return is(i, '"') ? JsonText.of(json, start(i), end(i)) : null;
    }

    /** Member {@code i}, a string, decoded; {@code otherwise} when it is no string. */
    public String string(int i, String otherwise) {
        String text = is(i, '"') ? JsonObjectScan.text(json, start(i), end(i)) : null;
        return text == null ? otherwise : text;
    }

    /** Member {@code i}, an integer that fits a long; {@code otherwise} when it is none. */
    public long number(int i, long otherwise) {
        if (!has(i)) {
            return otherwise;
        }
        int start = start(i);
        boolean negative = json[start] == '-';
        long value = 0;
        for (int at = negative ? start + 1 : start; at < end(i); at++) {
            int digit = json[at] - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
                return otherwise; // a fraction, an exponent, too large, or no number at all
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** Member {@code i}, an integer that fits an int; {@code otherwise} when it is none. */
    public int integer(int i, int otherwise) {
        long value = number(i, otherwise);
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (int) value : otherwise;
    }

    /** Member {@code i} as a tree; null when absent. */
    public JsonNode tree(int i) {
        if (!has(i)) {
            return null;
        }
        try {
            return TREES.readTree(json, start(i), end(i) - start(i));
        } catch (IOException e) {
            throw new IllegalStateException("a value the scan validated", e);
        }
    }
}
