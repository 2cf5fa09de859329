package io.modelgate.inspect;

import io.modelgate.error.GatewayException;
import io.modelgate.error.ErrorKind;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class InspectedBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static InspectedBody inspect(String body) {
        return InspectedBody.inspect(utf8(body));
    }

    private static GatewayException refused(String body) {
        return assertThrows(GatewayException.class, () -> inspect(body));
    }

    /** Asserts that {@code after} is {@code before} with exactly {@code oldValue} replaced by {@code newValue}. */
    private static void assertSpliced(String before, String oldValue, String newValue, String after) {
        int at = before.indexOf(oldValue);
        assertTrue(at >= 0 && before.indexOf(oldValue, at + 1) < 0, "test body must contain the old value once");
        assertEquals(before.substring(0, at) + newValue + before.substring(at + oldValue.length()), after);
    }

    // ---- reading ----

    @Test
    void readsModelAndStream() {
        InspectedBody body = inspect("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}");

        assertEquals("gpt-4o", body.model());
        assertTrue(body.stream());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"model\":\"m\"}",
            "{\"model\":\"m\",\"stream\":false}",
            "{\"model\":\"m\",\"stream\":null}"})
    void streamIsFalseUnlessTrue(String json) {
        assertFalse(inspect(json).stream());
    }

    @Test
    void streamBeforeModelAndEscapedModelNameAreRead() {
        InspectedBody body = inspect("{\"stream\":true,\"model\":\"gpt\\u002d4o \\\"x\\\"\"}");

        assertEquals("gpt-4o \"x\"", body.model());
        assertTrue(body.stream());
    }

    @Test
    void nestedModelAndStreamKeysAreNotTheTopLevelOnes() {
        InspectedBody body = inspect("""
                {"tools":[{"model":"evil","stream":"yes"}],"metadata":{"model":{"model":"x"}},
                 "model":"real","messages":[{"role":"user","content":"model"}]}""");

        assertEquals("real", body.model());
        assertFalse(body.stream());
    }

    // ---- splicing ----

    @Test
    void withModelReplacesOnlyTheModelValue() {
        String original = """
                {
                  "messages" : [ {"role": "user", "content": "Grüße 🌍 \\u00e9 \\"quoted\\" \\\\ tab\\t"} ],
                  "tools": [{"type":"function","function":{"name":"f","parameters":{"model":"nested-model"}}}],
                  "metadata": {"model": "also-nested"},
                  "temperature":0.70,   "stream" :false,
                  "model"   :   "public-name",
                  "zzz": 1e3,
                  "n": -0
                }
                """;

        byte[] out = inspect(original).bytesWithModel("upstream/gpt-4o-2024-08-06");

        assertSpliced(original, "\"public-name\"", "\"upstream/gpt-4o-2024-08-06\"", text(out));
    }

    @Test
    void withModelKeepsBytesAroundAMultiByteModelName() {
        String original = "{\"x\":\"日本語\",\"model\":\"モデル-ü\",\"y\":\"🌍\"}";

        byte[] out = inspect(original).bytesWithModel("m2");

        assertEquals("{\"x\":\"日本語\",\"model\":\"m2\",\"y\":\"🌍\"}", text(out));
    }

    @Test
    void withModelReplacesAnEscapedOriginalValueWhole() {
        String original = "{\"model\":\"a\\u0062c\\\"d\",\"k\":1}";

        byte[] out = inspect(original).bytesWithModel("x");

        assertEquals("{\"model\":\"x\",\"k\":1}", text(out));
    }

    @Test
    void withModelOnALargeBodyUsesTheRightOffsets() {
        String filler = "a".repeat(20_000);
        String original = "{\"prompt\":\"" + filler + "\",\"model\":\"m\",\"tail\":\"" + filler + "\"}";

        byte[] out = inspect(original).bytesWithModel("upstream");

        assertEquals("{\"prompt\":\"" + filler + "\",\"model\":\"upstream\",\"tail\":\"" + filler + "\"}", text(out));
    }

    @Test
    void aLargeBodyIsForwardedAsSlicesWithTheSameBytes() {
        String filler = "b".repeat(100_000);
        String original = "{\"prompt\":\"" + filler + "\",\"model\":\"m\",\"tail\":\"é" + filler + "\"}";
        InspectedBody body = InspectedBody.inspect(utf8(original));
        assertArrayEquals(body.bytesWithModel("up\"stream"), body.withModel("up\"stream").getBytes());
        assertEquals("{\"model\":\"small\"}", InspectedBody.inspect(utf8("{\"model\":\"m\"}")).withModel("small").toString());
    }

    @Test
    void withSameModelReturnsTheBodyAsReceivedWithoutCopyingIt() {
        byte[] bytes = utf8("xx{ \"model\" : \"same\" }yy");

        io.netty.buffer.ByteBuf forwarded = InspectedBody.inspect(bytes, 2, bytes.length - 2).withModel("same").getByteBuf();

        assertEquals("{ \"model\" : \"same\" }", forwarded.toString(StandardCharsets.UTF_8));
        assertSame(bytes, forwarded.array(), "the caller's own bytes are sent");
    }

    @Test
    void aBodyReadWhereItLiesIsSplicedAroundTheNewModelWithoutCopyingTheRest() {
        byte[] bytes = utf8("[prefix]{\"model\":\"chat\",\"messages\":[]}[suffix]");
        InspectedBody body = InspectedBody.inspect(bytes, 8, bytes.length - 8);

        io.netty.buffer.ByteBuf forwarded = body.withModel("gpt-4o").getByteBuf();

        assertEquals("{\"model\":\"gpt-4o\",\"messages\":[]}", forwarded.toString(StandardCharsets.UTF_8));
        assertEquals("chat", body.model());
        assertEquals("{\"model\":\"gpt-4o\",\"messages\":[]}", new String(body.bytesWithModel("gpt-4o"), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"with \"quotes\"", "back\\slash", "new\nline\ttab", "ctl\u0001\u001f", "ünïcødé 🌍",
            "</script>", ""})
    void replacementNeedingEscapesProducesValidJson(String upstreamModel) throws IOException {
        String original = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        byte[] out = inspect(original).bytesWithModel(upstreamModel);

        JsonNode tree = JSON.readTree(out);
        assertEquals(upstreamModel, tree.get("model").asText());
        assertEquals("hi", tree.get("messages").get(0).get("content").asText());
        assertEquals(2, tree.size());
    }

    @Test
    void splicedBodyCanBeInspectedAgain() {
        byte[] out = inspect("{\"model\":\"m\",\"stream\":true}").bytesWithModel("x\"y");

        InspectedBody again = InspectedBody.inspect(out);
        assertEquals("x\"y", again.model());
        assertTrue(again.stream());
    }

    // ---- refusals ----

    static Stream<Arguments> refusedBodies() {
        return Stream.of(
                // model problems
                arguments("duplicate model", "{\"model\":\"a\",\"model\":\"b\"}", ErrorKind.INVALID_REQUEST, "model"),
                arguments("duplicate model, same value", "{\"model\":\"a\",\"x\":1,\"model\":\"a\"}",
                        ErrorKind.INVALID_REQUEST, "model"),
                arguments("duplicate model via unicode escape", "{\"model\":\"allowed\",\"mod\\u0065l\":\"secret\"}",
                        ErrorKind.INVALID_REQUEST, "model"),
                arguments("unicode-escaped model first", "{\"\\u006dodel\":\"a\",\"model\":\"b\"}",
                        ErrorKind.INVALID_REQUEST, "model"),
                arguments("model is a number", "{\"model\":4}", ErrorKind.INVALID_REQUEST, "model"),
                arguments("model is null", "{\"model\":null}", ErrorKind.INVALID_REQUEST, "model"),
                arguments("model is an array", "{\"model\":[\"a\"]}", ErrorKind.INVALID_REQUEST, "model"),
                arguments("model is an object", "{\"model\":{\"name\":\"a\"}}", ErrorKind.INVALID_REQUEST, "model"),
                arguments("model missing", "{\"messages\":[]}", ErrorKind.INVALID_REQUEST, "model"),
                arguments("model only nested", "{\"metadata\":{\"model\":\"a\"}}", ErrorKind.INVALID_REQUEST,
                        "model"),
                arguments("model empty", "{\"model\":\"\"}", ErrorKind.INVALID_REQUEST, "model"),
                arguments("model blank", "{\"model\":\" \\t \"}", ErrorKind.INVALID_REQUEST, "model"),
                // stream problems
                arguments("stream is a string", "{\"model\":\"m\",\"stream\":\"true\"}", ErrorKind.INVALID_REQUEST,
                        "stream"),
                arguments("stream is a number", "{\"model\":\"m\",\"stream\":1}", ErrorKind.INVALID_REQUEST,
                        "stream"),
                arguments("stream twice", "{\"model\":\"m\",\"stream\":false,\"stream\":true}",
                        ErrorKind.INVALID_REQUEST, "stream"),
                // not an object
                arguments("array body", "[{\"model\":\"m\"}]", ErrorKind.INVALID_REQUEST, null),
                arguments("string body", "\"model\"", ErrorKind.INVALID_REQUEST, null),
                arguments("number body", "42", ErrorKind.INVALID_REQUEST, null),
                // malformed JSON
                arguments("not JSON", "model=gpt-4o", ErrorKind.INVALID_JSON, null),
                arguments("unterminated object", "{\"model\":\"m\"", ErrorKind.INVALID_JSON, null),
                arguments("unterminated string", "{\"model\":\"m", ErrorKind.INVALID_JSON, null),
                arguments("malformed after model", "{\"model\":\"m\",\"messages\":[1,}", ErrorKind.INVALID_JSON, null),
                arguments("trailing garbage", "{\"model\":\"m\"} garbage", ErrorKind.INVALID_JSON, null),
                arguments("second document", "{\"model\":\"m\"}{\"model\":\"n\"}", ErrorKind.INVALID_JSON, null),
                arguments("trailing comma", "{\"model\":\"m\",}", ErrorKind.INVALID_JSON, null),
                arguments("single quotes", "{'model':'m'}", ErrorKind.INVALID_JSON, null),
                arguments("only white space", "  \n ", ErrorKind.INVALID_REQUEST, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBodies")
    void refusesBadBodies(String description, String body, ErrorKind kind, String param) {
        GatewayException e = refused(body);

        assertAll(
                () -> assertEquals(kind, e.kind(), e.getMessage()),
                () -> assertEquals(400, e.kind().status()),
                () -> assertEquals(param, e.param(), e.getMessage()),
                () -> assertTrue(e.getMessage() != null && !e.getMessage().isBlank()));
    }

    @Test
    void emptyBodyIsRefused() {
        GatewayException e = assertThrows(GatewayException.class, () -> InspectedBody.inspect(new byte[0]));

        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void malformedJsonMessageGivesThePosition() {
        GatewayException e = refused("{\n  \"model\": \"m\",\n  \"x\": ?\n}");

        assertEquals(ErrorKind.INVALID_JSON, e.kind());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void aModelNameThatIsNotValidUtf8IsRefusedAsMalformed() {
        byte[] surrogate = {'{', '"', 'm', 'o', 'd', 'e', 'l', '"', ':', '"', 'g', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};

        GatewayException e = assertThrows(GatewayException.class, () -> InspectedBody.inspect(surrogate));

        assertEquals(ErrorKind.INVALID_JSON, e.kind());
        assertTrue(e.getMessage().contains("surrogate") && e.getMessage().contains("line 1, column 12"), e.getMessage());
    }

    @Test
    void excessiveNestingIsRefused() {
        String deep = "[".repeat(500) + "]".repeat(500);

        GatewayException e = refused("{\"model\":\"m\",\"x\":" + deep + "}");

        assertEquals(ErrorKind.INVALID_JSON, e.kind());
        assertNull(e.param());
    }

    static Stream<Arguments> streamOptions() {
        return Stream.of(
                arguments("{\"model\":\"a\",\"stream\":true,\"messages\":[]}", "{\"include_usage\":true}"),
                arguments("{ \"model\":\"a\",\"stream\":true}", "{\"include_usage\":true}"),
                arguments("{\"model\":\"a\",\"stream\":true,\"stream_options\":null}", "{\"include_usage\":true}"),
                arguments("{\"model\":\"a\",\"stream\":true,\"stream_options\":{\"include_usage\":false}}", "{\"include_usage\":true}"),
                arguments("{\"model\":\"a\",\"stream\":true,\"stream_options\":{\"include_obfuscation\":false}}",
                        "{\"include_obfuscation\":false,\"include_usage\":true}"),
                // a large body is forwarded as slices around both changes
                arguments("{\"model\":\"a\",\"messages\":[{\"content\":\"" + "x".repeat(70_000) + "\"}],\"stream_options\":{},\"stream\":true}",
                        "{\"include_usage\":true}"));
    }

    @ParameterizedTest
    @MethodSource("streamOptions")
    void aStreamAskedForUsageCarriesIncludeUsageAndEverythingElseAsSent(String body, String expectedOptions) throws IOException {
        InspectedBody inspected = InspectedBody.inspect(body.getBytes(StandardCharsets.UTF_8));
        assertFalse(inspected.includesStreamUsage());
        ObjectMapper json = new ObjectMapper();
        JsonNode sent = json.readTree(body);
        for (String upstreamModel : new String[] {"a", "upstream-a"}) {
            JsonNode forwarded = json.readTree(inspected.askingForStreamUsage().withModel(upstreamModel).getBytes());
            assertEquals(json.readTree(expectedOptions), forwarded.path("stream_options"), forwarded.toString());
            assertEquals(upstreamModel, forwarded.path("model").asText());
            ((com.fasterxml.jackson.databind.node.ObjectNode) forwarded).remove(java.util.List.of("stream_options", "model"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) sent).remove(java.util.List.of("stream_options", "model"));
            assertEquals(sent, forwarded);
        }
    }

    @Test
    void aCallerWhoAskedForUsageIsForwardedUnchangedAndABadStreamOptionsIsRefused() {
        byte[] body = "{\"model\":\"a\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}".getBytes(StandardCharsets.UTF_8);
        InspectedBody inspected = InspectedBody.inspect(body);
        assertTrue(inspected.includesStreamUsage());
        assertSame(inspected, inspected.askingForStreamUsage());
        assertArrayEquals(body, inspected.bytesWithModel("a"));
        GatewayException e = assertThrows(GatewayException.class,
                () -> InspectedBody.inspect("{\"model\":\"a\",\"stream_options\":true}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("stream_options", e.param());
    }
}
