package io.modelgate.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

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

    /** Written after other bytes, into a buffer without an array or into a slice of a larger one: the same bytes. */
    @Property(tries = 500)
    void aTreeIsWrittenTheSameIntoAnyBuffer(@ForAll long seed) throws IOException {
        JsonNode tree = TREES.readTree(new JsonObjectScanProperties.Documents(new Random(seed)).object(0));
        byte[] expected = JsonBytes.bytes(tree);
        ByteBuf direct = Unpooled.directBuffer(4);
        // room for what Netty's UTF-8 writer reserves (3 bytes a character): a slice cannot grow
        ByteBuf slice = Unpooled.wrappedBuffer(new byte[expected.length * 3 + 64], 16, expected.length * 3 + 32).clear();
        for (ByteBuf out : new ByteBuf[] {direct, slice}) {
            out.writeByte('x');
            JsonBytes.write(out, tree);
            assertEquals("x" + new String(expected, StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
        }
        direct.release();
    }

    @Test
    void numbersAreWrittenAsJacksonWritesThem() throws IOException {
        String json = "[0,7,-7,10,-10,1234567890123,9223372036854775807,-9223372036854775808,9223372036854775808,"
                + "-99999999999999999999999,1.0,-0.5,1.5E10,2.5e-7,true,false,null]";
        JsonNode tree = TREES.readTree(json);
        assertEquals(tree.toString(), new String(JsonBytes.bytes(tree), StandardCharsets.UTF_8));
        JsonNode built = TREES.createArrayNode().add(Long.MIN_VALUE).add(Long.MAX_VALUE).add(-1L).add(12).add((short) -3)
                .add(1.0).add(3.25f).add(java.math.BigInteger.TEN.pow(30)).add(new java.math.BigDecimal("1.50"));
        assertEquals(built.toString(), new String(JsonBytes.bytes(built), StandardCharsets.UTF_8));
    }
}
