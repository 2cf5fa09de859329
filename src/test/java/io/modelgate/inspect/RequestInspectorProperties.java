package io.modelgate.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.error.GatewayException;
import io.modelgate.identity.CallerToken;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every request inspector on generated and mutated input: nothing escapes but a {@link GatewayException} (a 400 in
 * the API's shape, never a 500), and the body the upstream receives names no model but the one the gateway
 * authorised — read back by an independent parser (Jackson's tree, Netty's multipart decoder), as an upstream would.
 */
class RequestInspectorProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    // ---- JSON bodies ----

    @Provide
    Arbitrary<String> modelNames() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('é', '中', '"', '\\', '\n').ofMinLength(1).ofMaxLength(40)
                .filter(name -> !name.isBlank());
    }

    @Provide
    Arbitrary<ObjectNode> bodies() {
        Arbitrary<String> keys = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).filter(k -> !k.equals("model")
                && !k.equals("stream") && !k.equals("store") && !k.equals("previous_response_id"));
        Arbitrary<Object> values = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.strings().alpha().list().ofMaxSize(4).map(l -> (Object) l));
        return Combinators.combine(Arbitraries.maps(keys, values).ofMaxSize(8), modelNames(), Arbitraries.integers().between(0, 8))
                .as((fields, model, position) -> {
                    ObjectNode body = JSON.createObjectNode();
                    int i = 0;
                    for (Map.Entry<String, Object> field : fields.entrySet()) {
                        if (i++ == position) {
                            body.put("model", model);
                        }
                        body.set(field.getKey(), JSON.valueToTree(field.getValue()));
                    }
                    if (!body.has("model")) {
                        body.put("model", model);
                    }
                    return body;
                });
    }

    @Property
    void aJsonBodyForwardsExactlyTheAuthorisedModel(@ForAll("bodies") ObjectNode body, @ForAll("modelNames") String upstreamModel)
            throws Exception {
        byte[] bytes = JSON.writeValueAsBytes(body);
        InspectedBody inspected = InspectedBody.inspect(bytes);
        assertEquals(body.get("model").asText(), inspected.model());
        JsonNode forwarded = JSON.readTree(inspected.bytesWithModel(upstreamModel));
        assertEquals(upstreamModel, forwarded.get("model").asText());
        ObjectNode rest = body.deepCopy();
        rest.put("model", upstreamModel);
        assertEquals(rest, forwarded, "nothing but the model changed");
    }

    @Property(tries = 2000)
    void aMutatedJsonBodyIsRefusedOrForwardsOnlyTheAuthorisedModel(@ForAll("bodies") ObjectNode body,
            @ForAll @IntRange(min = 0, max = 5) int edits, @ForAll("edits") List<int[]> positions) throws Exception {
        byte[] bytes = mutate(JSON.writeValueAsBytes(body), positions.subList(0, Math.min(edits, positions.size())));
        InspectedBody inspected;
        try {
            inspected = InspectedBody.inspect(bytes);
        } catch (GatewayException refused) {
            return; // a 400: the caller is told, nothing is forwarded
        }
        JsonNode forwarded = JSON.readTree(inspected.bytesWithModel("authorised-upstream"));
        assertEquals("authorised-upstream", forwarded.get("model").asText(), new String(bytes, StandardCharsets.UTF_8));
        assertEquals(1, countTopLevel(inspected.bytesWithModel("authorised-upstream"), "model"));
    }

    @Property
    void arbitraryBytesNeverEscapeAsAnythingButA400(@ForAll byte[] bytes) {
        try {
            InspectedBody.inspect(bytes);
        } catch (GatewayException refused) {
            // expected for almost all of them
        }
    }

    @Provide
    Arbitrary<List<int[]>> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 2)).as((at, value, kind) -> new int[] {at, value, kind}).list().ofMaxSize(5);
    }

    /** Replaces, inserts or deletes bytes at the given positions. */
    private static byte[] mutate(byte[] bytes, List<int[]> edits) {
        List<Byte> list = new ArrayList<>();
        for (byte b : bytes) {
            list.add(b);
        }
        for (int[] edit : edits) {
            if (list.isEmpty()) {
                break;
            }
            int at = edit[0] % list.size();
            switch (edit[2]) {
                case 0 -> list.set(at, (byte) edit[1]);
                case 1 -> list.add(at, (byte) edit[1]);
                default -> list.remove(at);
            }
        }
        byte[] result = new byte[list.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = list.get(i);
        }
        return result;
    }

    /** How many top-level keys of this name a streaming parser meets (a tree keeps only the last). */
    private static int countTopLevel(byte[] json, String name) throws Exception {
        int count = 0;
        try (var parser = JSON.getFactory().createParser(json)) {
            parser.nextToken();
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                if (name.equals(parser.currentName())) {
                    count++;
                }
                parser.nextToken();
                parser.skipChildren();
            }
        }
        return count;
    }

    // ---- multipart forms ----

    /** One part of a generated form: a field, or a file when {@code file} is set. */
    record Part(String name, byte[] value, boolean file) {
    }

    @Provide
    Arbitrary<List<Part>> forms() {
        Arbitrary<Part> fields = Combinators.combine(Arbitraries.of("response_format", "language", "prompt", "temperature", "n"),
                Arbitraries.strings().alpha().numeric().ofMaxLength(20)).as((name, value) -> new Part(name, value.getBytes(StandardCharsets.UTF_8), false));
        Arbitrary<Part> files = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000).map(bytes -> new Part("file", bytes, true));
        return Combinators.combine(fields.list().ofMaxSize(4), files, modelNames().filter(m -> !m.contains("\r") && !m.contains("\n")),
                Arbitraries.integers().between(0, 5)).as((others, file, model, position) -> {
                    List<Part> parts = new ArrayList<>(others);
                    parts.add(Math.min(position, parts.size()), new Part("model", model.trim().getBytes(StandardCharsets.UTF_8), false));
                    parts.add(Math.min(position / 2, parts.size()), file);
                    return parts;
                });
    }

    @Provide
    Arbitrary<String> boundaries() {
        return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_').ofMinLength(8).ofMaxLength(40);
    }

    /** A form as clients write it; {@code bareLf}: with LF line breaks, as some do and every upstream parser reads. */
    private static byte[] encode(List<Part> parts, String boundary, boolean bareLf) {
        String eol = bareLf ? "\n" : "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            out.writeBytes(("--" + boundary + eol + "Content-Disposition: form-data; name=\"" + part.name() + "\""
                    + (part.file() ? "; filename=\"audio.wav\"" + eol + "Content-Type: audio/wav" : "") + eol + eol).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.value());
            out.writeBytes(eol.getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--" + eol).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Property
    void aFormForwardsExactlyTheAuthorisedModelAndTheWholeFile(@ForAll("forms") List<Part> parts, @ForAll("boundaries") String boundary,
            @ForAll("modelNames") String upstreamModel, @ForAll boolean bareLf) {
        String contentType = "multipart/form-data; boundary=" + boundary;
        String cleanModel = upstreamModel.replaceAll("[\\r\\n]", "").trim();
        if (cleanModel.isEmpty()) {
            return;
        }
        byte[] sent = encode(parts, boundary, bareLf);
        InspectedForm form = InspectedForm.inspect(Buffer.buffer(sent), contentType);
        Part model = parts.stream().filter(p -> p.name().equals("model")).findFirst().orElseThrow();
        assertEquals(new String(model.value(), StandardCharsets.UTF_8), form.model());
        Buffer forwarded = form.withModel(cleanModel);
        Map<String, List<Object>> decoded = decode(forwarded.getBytes(), contentType);
        assertEquals(List.of(cleanModel), decoded.get("model"), "the upstream's own parser reads only the authorised model");
        // the file as the upstream would have read it from the caller's own body (a bare-LF form ending a file in CR loses it)
        assertArrayEquals((byte[]) decode(sent, contentType).get("file").get(0), (byte[]) decoded.get("file").get(0));
    }

    @Property(tries = 2000)
    void aMutatedFormIsRefusedOrForwardsOnlyTheAuthorisedModel(@ForAll("forms") List<Part> parts, @ForAll("boundaries") String boundary,
            @ForAll("edits") List<int[]> edits, @ForAll boolean bareLf) {
        String contentType = "multipart/form-data; boundary=" + boundary;
        byte[] bytes = mutate(encode(parts, boundary, bareLf), edits);
        InspectedForm form;
        try {
            form = InspectedForm.inspect(Buffer.buffer(bytes), contentType);
        } catch (GatewayException refused) {
            return;
        }
        Map<String, List<Object>> decoded;
        try {
            decoded = decode(form.withModel("authorised-upstream").getBytes(), contentType);
        } catch (RuntimeException upstreamRefuses) {
            return; // the upstream's parser refuses what the mutation broke: it serves nothing
        }
        List<Object> models = decoded.getOrDefault("model", List.of());
        for (Object model : models) { // a mutation may turn the field into a file part: its content is what is read
            Object text = model instanceof byte[] content ? new String(content, StandardCharsets.UTF_8) : model;
            assertEquals("authorised-upstream", text, "the upstream reads a model the gateway did not authorise");
        }
    }

    /** Netty's multipart decoder: the fields (as text) and files (as bytes) of a form, by name. */
    private static Map<String, List<Object>> decode(byte[] body, String contentType) {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(body));
        request.headers().set("Content-Type", contentType);
        HttpPostMultipartRequestDecoder decoder = new HttpPostMultipartRequestDecoder(new DefaultHttpDataFactory(false), request,
                StandardCharsets.UTF_8);
        try {
            Map<String, List<Object>> values = new java.util.LinkedHashMap<>();
            for (Iterator<InterfaceHttpData> it = decoder.getBodyHttpDatas().iterator(); it.hasNext(); ) {
                InterfaceHttpData data = it.next();
                Object value;
                try {
                    value = data instanceof FileUpload upload ? upload.get() : ((Attribute) data).getValue();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                values.computeIfAbsent(data.getName(), k -> new ArrayList<>()).add(value);
            }
            return values;
        } finally {
            decoder.destroy();
        }
    }

    // ---- the headers that carry a token ----

    @Provide
    Arbitrary<List<String[]>> headerSets() {
        Arbitrary<String> names = Arbitraries.of("Authorization", "authorization", "x-api-key", "X-Api-Key", "Cookie", "x-other");
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(t -> "Bearer " + t),
                Arbitraries.of("Bearer", "Bearer ", "bearer a.b.c", " ", ""));
        return Combinators.combine(names, values).as((n, v) -> new String[] {n, v}).list().ofMaxSize(4);
    }

    @Property
    void theTokenIsOneTheCallerSentOrTheRequestIsRefused(@ForAll("headerSets") List<String[]> headers, @ForAll boolean apiKeyAccepted) {
        MultiMap map = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(h -> map.add(h[0], h[1]));
        CharSequence token;
        try {
            token = CallerToken.of(map, apiKeyAccepted);
        } catch (GatewayException refused) {
            return;
        }
        String found = token.toString();
        boolean sent = headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("authorization") && h[1].trim().length() > 7
                && h[1].trim().substring(7).trim().equals(found)
                || apiKeyAccepted && h[0].equalsIgnoreCase("x-api-key") && h[1].trim().equals(found));
        assertEquals(true, sent && !found.isEmpty(), "a token the caller sent: " + found);
    }
}
