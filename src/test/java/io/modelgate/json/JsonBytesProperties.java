package io.modelgate.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link JsonBytes} writes every tree as Jackson's text writer does ({@code toString}), characters outside the BMP as
 * UTF-8 (Jackson's byte writer escapes them as surrogate pairs: the same JSON).
 */
class JsonBytesProperties {

    private static final ObjectMapper TREES = new ObjectMapper();

    @Property(tries = 2000)
    void aTreeIsWrittenAsJacksonWritesIt(@ForAll long seed) throws IOException {
        JsonNode tree = TREES.readTree(new JsonObjectScanProperties.Documents(new Random(seed)).object(0));
        byte[] written = JsonBytes.bytes(tree);
        assertEquals(tree.toString(), new String(written, StandardCharsets.UTF_8));
        assertEquals(tree, TREES.readTree(written));
    }
}
