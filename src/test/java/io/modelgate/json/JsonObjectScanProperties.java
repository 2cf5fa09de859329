package io.modelgate.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JsonObjectScan} against Jackson, the parser the gateway used before it and that upstreams' strictness is
 * measured by: on generated documents (every kind of value, escapes, multi-byte characters, odd white space) and on
 * the same documents with bytes inserted, removed or replaced, the scan accepts exactly what Jackson accepts, and the
 * top-level members it reports are Jackson's.
 */
class JsonObjectScanProperties {

    private static final ObjectMapper TREES = new ObjectMapper();
    /**
     * Jackson as the gateway configured it: default features, nesting limited to 200 levels. A factory per document:
     * factories keep a table of the field names they have read, and a shared one accepted a name holding a 0xFF byte
     * that a fresh one refuses.
     */
    private static JsonFactory jackson() {
        return JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(JsonObjectScan.MAX_DEPTH).build())
                .build();
    }
    /** Bytes that matter to a JSON reader, most of them at a boundary of its grammar or of UTF-8. */
    private static final byte[] INTERESTING = {'"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n', '\t', '\r', 0, 0x1F, 0x7F,
            (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC3, (byte) 0xDF, (byte) 0xE2, (byte) 0xED, (byte) 0xEF, (byte) 0xF0, (byte) 0xF7,
            (byte) 0xF8, (byte) 0xFF, '0', '1', '9', '-', '+', '.', 'e', 'E', 'u', 'n', 't', 'f', 'a', '/', '\'', 'x'};

    /**
     * Jackson's verdict, reading every token and decoding every name and string, as an upstream that parses the body
     * does (a token walk alone leaves strings undecoded, and so lets UTF-8 that encodes a surrogate through).
     */
    private static boolean jacksonAccepts(byte[] json) {
        try (JsonParser parser = jackson().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            int depth = 1;
            while (depth > 0) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return false;
                }
                if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
                    parser.getText();
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** The scan's verdict: when it accepts, the members it reported as {key start, key end, value start, value end}. */
    private static List<int[]> scanned(byte[] json) {
        List<int[]> members = new ArrayList<>();
        try {
            JsonObjectScan.scan(json, (keyStart, keyEnd, escaped, valueStart, valueEnd) -> {
                assertEquals(escaped, indexOf(json, keyStart, keyEnd, '\\') >= 0, "escapes reported");
                return members.add(new int[] {keyStart, keyEnd, valueStart, valueEnd});
            });
            return members;
        } catch (JsonObjectScan.Malformed | JsonObjectScan.NotAnObject e) {
            return null;
        }
    }

    /** Members as name=value, read from the spans the scan reported: the name by the scan's own decoding. */
    private static List<String> decoded(byte[] json, List<int[]> spans) throws IOException {
        List<String> members = new ArrayList<>();
        for (int[] span : spans) {
            members.add(JsonObjectScan.text(json, span[0], span[1]) + "=" + TREES.readTree(Arrays.copyOfRange(json, span[2], span[3])));
        }
        return members;
    }

    private static List<String> jacksonMembers(byte[] json) throws IOException {
        List<String> members = new ArrayList<>();
        TREES.readTree(json).properties().forEach(member -> members.add(member.getKey() + "=" + member.getValue()));
        return members;
    }

    private static int indexOf(byte[] bytes, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static void assertSameVerdict(byte[] json) {
        boolean jackson = jacksonAccepts(json);
        List<int[]> members = scanned(json);
        // the one place Jackson is laxer: it reads UTF-16 and UTF-32 documents, which it recognises by zero bytes or
        // their byte order mark at the start; request bodies are UTF-8 (RFC 8259), and the scan reads nothing else
        boolean otherEncoding = json.length >= 2 && (json[0] == 0 || json[1] == 0 || (json[0] & 0xFE) == 0xFE);
        if (!(jackson && members == null && otherEncoding)) {
            assertEquals(jackson, members != null, () -> "verdicts differ on " + shown(json));
        }
    }

    private static String shown(byte[] json) {
        return json.length > 2000 ? json.length + " bytes" : new String(json, StandardCharsets.UTF_8) + "  [" + HexFormat.of().formatHex(json) + "]";
    }

    @Property(tries = 3000)
    void aGeneratedDocumentIsAcceptedWithJacksonsMembers(@ForAll long seed) throws IOException {
        byte[] json = new Documents(new Random(seed)).object(0).getBytes(StandardCharsets.UTF_8);
        List<int[]> members = scanned(json);
        assertTrue(members != null && jacksonAccepts(json), () -> "refused " + shown(json));
        assertEquals(jacksonMembers(json), decoded(json, members));
    }

    @Property(tries = 1000)
    void anArraysElementsAreJacksons(@ForAll long seed) throws IOException {
        Random random = new Random(seed);
        Documents documents = new Documents(random);
        List<String> values = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            values.add(random.nextBoolean() ? documents.object(1) : "[" + documents.object(1) + " ]");
        }
        byte[] json = ("[ " + String.join(" ,", values) + "]").getBytes(StandardCharsets.UTF_8);
        List<int[]> spans = new ArrayList<>();
        try {
            JsonObjectScan.elements(json, 0, json.length, (start, end) -> spans.add(new int[] {start, end}));
        } catch (JsonObjectScan.Malformed e) {
            throw new AssertionError("refused " + shown(json), e);
        }
        List<String> elements = new ArrayList<>();
        for (int[] span : spans) {
            elements.add(TREES.readTree(Arrays.copyOfRange(json, span[0], span[1])).toString());
        }
        List<String> jackson = new ArrayList<>();
        TREES.readTree(json).forEach(element -> jackson.add(element.toString()));
        assertEquals(jackson, elements);
    }

    @Property(tries = 3000)
    void theValidatedScanReportsTheStrictScansSpansAtEveryLevel(@ForAll long seed) throws Exception {
        byte[] json = new Documents(new Random(seed)).object(0).getBytes(StandardCharsets.UTF_8);
        assertSameSpans(json, 0, json.length);
    }

    /** Both scans of the object or array in {@code json[from, to)} report the same spans; so do both of each nested one. */
    private static void assertSameSpans(byte[] json, int from, int to) throws Exception {
        List<int[]> strict = new ArrayList<>();
        List<int[]> validated = new ArrayList<>();
        if (json[from] == '{' || Character.isWhitespace(json[from]) && new String(json, from, to - from, StandardCharsets.UTF_8).strip().startsWith("{")) {
            JsonObjectScan.scan(json, from, to, (ks, ke, escaped, vs, ve) -> strict.add(new int[] {ks, ke, escaped ? 1 : 0, vs, ve}));
            JsonObjectScan.validatedMembers(json, from, to, (ks, ke, escaped, vs, ve) -> validated.add(new int[] {ks, ke, escaped ? 1 : 0, vs, ve}));
        } else {
            JsonObjectScan.elements(json, from, to, (start, end) -> strict.add(new int[] {start, end}));
            JsonObjectScan.validatedElements(json, from, to, (start, end) -> validated.add(new int[] {start, end}));
        }
        assertEquals(strict.stream().map(Arrays::toString).toList(), validated.stream().map(Arrays::toString).toList(), () -> shown(json));
        for (int[] span : strict) {
            int start = span[span.length - 2];
            int end = span[span.length - 1];
            if (json[start] == '{' || json[start] == '[') {
                assertSameSpans(json, start, end);
            }
        }
    }

    @Example
    void anArrayThatIsNotOneIsRefused() {
        for (String json : List.of("{}", "[1,]", "[,1]", "[1 2]", "[1]x", "[", "[\"a]", "")) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertThrows(JsonObjectScan.Malformed.class, () -> JsonObjectScan.elements(bytes, 0, bytes.length, (start, end) -> true), json);
        }
    }

    @Property(tries = 10000)
    void aMutatedDocumentIsRefusedExactlyWhenJacksonRefusesIt(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int edits) {
        Random random = new Random(seed);
        byte[] json = new Documents(random).object(0).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < edits; i++) {
            json = mutate(json, random);
        }
        assertSameVerdict(json);
    }

    @Property(tries = 2000)
    void arbitraryBytesAreRefusedExactlyWhenJacksonRefusesThem(@ForAll byte[] bytes) {
        assertSameVerdict(bytes);
        byte[] wrapped = new byte[bytes.length + 2];
        wrapped[0] = '{';
        System.arraycopy(bytes, 0, wrapped, 1, bytes.length);
        wrapped[wrapped.length - 1] = '}';
        assertSameVerdict(wrapped);
    }

    @Example
    void theLimitsAreJacksons() {
        for (int depth : new int[] {198, 199, 200, 201, 202}) {
            assertSameVerdict(("{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}").getBytes(StandardCharsets.UTF_8));
            assertSameVerdict(("{\"a\":" + "{\"b\":".repeat(depth - 1) + "1" + "}".repeat(depth - 1) + "}").getBytes(StandardCharsets.UTF_8));
        }
        for (int digits : new int[] {999, 1000, 1001}) {
            String many = "7".repeat(digits);
            for (String number : List.of(many, "-" + many, many + ".5", "1." + many, "1e" + many, many.substring(1) + "e5")) {
                assertSameVerdict(("{\"n\":" + number + "}").getBytes(StandardCharsets.UTF_8));
            }
        }
        // field names: refused past 16 KiB, where Jackson (whose own count is of its internal units) still takes some
        for (String unit : List.of("k", "é", "中", "😀", "\\u00e9")) {
            int bytes = unit.startsWith("\\") ? 6 : unit.getBytes(StandardCharsets.UTF_8).length;
            int units = JsonObjectScan.MAX_NAME_BYTES / bytes;
            for (int n : new int[] {units - 1, units}) {
                assertSameVerdict(("{\"" + unit.repeat(n) + "\":1}").getBytes(StandardCharsets.UTF_8));
            }
            byte[] longer = ("{\"" + unit.repeat(units + 1) + "\":1}").getBytes(StandardCharsets.UTF_8);
            assertTrue(scanned(longer) == null, "a name longer than the limit is refused");
        }
    }

    @Example
    void edgesOfTheGrammarAreJacksons() {
        for (String json : List.of("{}", " {} ", "\uFEFF{}", "{\"a\":-0}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}",
                "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":+1}", "{\"a\":0x1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":tru}",
                "{\"a\":truex}", "{\"a\":nul}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"\\uD800\"}",
                "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{\"a\":[1,]}", "{\"a\":[,1]}",
                "{\"a\":[1 2]}", "{} {}", "{}x", "{}\u0000", "{\"a\":\"\t\"}", "{\"a\":\"\u007f\"}", "{\u000b}", "{\f}",
                "{/*c*/}", "{'a':1}", "{a:1}", "[]", "\"s\"", "1", "null", "", " ", "{\"\\uD83D\\uDE00\":1}", "{\"\\uDE00\":1}",
                "{\"\\uD800\":1}", "{\"\\uD800\\u0041\":1}", "{\"\\uD800\\uD800\":1}", "{\"a\":\"\\uDE00\"}", "{\"\\uD800x\":1}")) {
            assertSameVerdict(json.getBytes(StandardCharsets.UTF_8));
        }
        byte[][] utf8 = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                {(byte) 0xF7, (byte) 0xBF, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xC3, (byte) 0x28}};
        for (byte[] sequence : utf8) {
            for (String[] around : new String[][] {{"{\"a\":\"", "\"}"}, {"{\"", "\":1}"}, {"{\"k\":\"" + "x".repeat(13), "\"}"}}) {
                ByteArrayOutputStream json = new ByteArrayOutputStream();
                json.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
                json.writeBytes(sequence);
                json.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
                assertSameVerdict(json.toByteArray());
            }
        }
    }

    private static byte[] mutate(byte[] json, Random random) {
        int at = json.length == 0 ? 0 : random.nextInt(json.length + 1);
        byte b = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : INTERESTING[random.nextInt(INTERESTING.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(3)) {
            case 0 -> { // insert
                out.write(json, 0, at);
                out.write(b);
                out.write(json, at, json.length - at);
            }
            case 1 -> { // remove
                out.write(json, 0, Math.min(at, json.length));
                if (at < json.length) {
                    out.write(json, at + 1, json.length - at - 1);
                }
            }
            default -> { // replace
                out.write(json, 0, json.length);
                byte[] replaced = out.toByteArray();
                if (at < replaced.length) {
                    replaced[at] = b;
                }
                return replaced;
            }
        }
        return out.toByteArray();
    }

    /** Random JSON text: every value kind, strings with escapes and characters of 1 to 4 UTF-8 bytes, odd spacing. */
    static final class Documents {
        private static final String[] WHITE = {"", "", "", " ", "\n", "\t", "\r\n", "  "};
        private static final String[] CHARACTERS = {"a", "Z", " ", "~", "é", "ß", "中", "文", "€", "😀", "𝄞", "\u007f", "\u0080"};
        private static final String[] ESCAPES = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u00e9",
                "\\uD83D\\uDE00", "\\u0000", "\\uFFFF", "\\u001F"};
        private final Random random;

        Documents(Random random) {
            this.random = random;
        }

        private String white() {
            return WHITE[random.nextInt(WHITE.length)];
        }

        String object(int depth) {
            StringBuilder out = new StringBuilder("{").append(white());
            int members = random.nextInt(depth == 0 ? 7 : 4);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                String key;
                do {
                    key = string(random.nextInt(3) == 0 ? 12 : 5);
                } while (!unique(keys, key));
                out.append(i > 0 ? "," + white() : "").append(key).append(white()).append(':').append(white()).append(value(depth + 1))
                        .append(white());
            }
            return out.append('}').toString();
        }

        /** Keys decode to distinct names, as in the documents a caller sends (Jackson's tree keeps only the last of a name). */
        private static boolean unique(List<String> keys, String key) {
            try {
                String name = TREES.readTree(key).asText();
                if (keys.contains(name)) {
                    return false;
                }
                keys.add(name);
                return true;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private String value(int depth) {
            int kind = random.nextInt(depth > 4 ? 5 : 7);
            return switch (kind) {
                case 0 -> string(random.nextInt(4) == 0 ? 200 : 20);
                case 1 -> number();
                case 2 -> random.nextBoolean() ? "true" : "false";
                case 3 -> "null";
                case 4 -> string(3);
                case 5 -> object(depth);
                default -> array(depth);
            };
        }

        private String array(int depth) {
            StringBuilder out = new StringBuilder("[").append(white());
            int elements = random.nextInt(4);
            for (int i = 0; i < elements; i++) {
                out.append(i > 0 ? "," + white() : "").append(value(depth + 1)).append(white());
            }
            return out.append(']').toString();
        }

        private String string(int maxLength) {
            StringBuilder out = new StringBuilder("\"");
            int length = random.nextInt(maxLength + 1);
            for (int i = 0; i < length; i++) {
                int pick = random.nextInt(10);
                out.append(pick < 5 ? String.valueOf((char) ('a' + random.nextInt(26)))
                        : pick < 8 ? CHARACTERS[random.nextInt(CHARACTERS.length)] : ESCAPES[random.nextInt(ESCAPES.length)]);
            }
            return out.append('"').toString();
        }

        private String number() {
            StringBuilder out = new StringBuilder(random.nextBoolean() ? "-" : "");
            out.append(random.nextInt(4) == 0 ? "0" : String.valueOf(1 + random.nextInt(999_999)));
            if (random.nextBoolean()) {
                out.append('.').append(random.nextInt(1000));
            }
            if (random.nextInt(3) == 0) {
                out.append(random.nextBoolean() ? 'e' : 'E').append(new String[] {"", "+", "-"}[random.nextInt(3)]).append(random.nextInt(40));
            }
            return out.toString();
        }
    }
}
