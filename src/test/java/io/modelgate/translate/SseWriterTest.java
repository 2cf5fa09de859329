package io.modelgate.translate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Events written as text read back as the JSON they mean, whatever the text they carry. */
class SseWriterTest {

    @ParameterizedTest
    @ValueSource(strings = {"plain", "say \"hi\"", "back\\slash", "line\nbreak\r\ttab", "\u0001\u001f bell\u0007", "ünïcödé ✓ 🦊", "</script>", ""})
    void aValueReadsBackAsItWasWritten(String text) {
        ByteBuf out = Unpooled.buffer();
        new SseWriter().begin(out, "content_block_delta").field("index", 3).object("delta").field("text", text).nullField("none")
                .emptyArray("list").endObject().end();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n", 3);
        assertEquals("event: content_block_delta", lines[0]);
        var json = Json.parse(lines[1].substring("data: ".length()));
        assertEquals(text, json.at("/delta/text").asText());
        assertEquals(3, json.get("index").asInt());
        assertEquals("content_block_delta", json.get("type").asText());
        assertEquals("{\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"text\":" + Json.MAPPER.valueToTree(text)
                + ",\"none\":null,\"list\":[]}}", lines[1].substring("data: ".length()));
        assertEquals("\n", lines[2]);
    }

    @org.junit.jupiter.api.Test
    void aSecondEventCarriesTheSameTreeCopied() {
        var tree = Json.parse("{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[],\"usage\":null,\"n\":\"é\\n\"}");
        ByteBuf out = Unpooled.buffer(8); // grows while the first event is written
        SseWriter sse = new SseWriter();
        sse.begin(out, "response.created").field("sequence_number", 0).tree("response", tree).end();
        sse.begin(out, "response.in_progress").field("sequence_number", 1).sameTree("response").end();
        assertEquals("event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":" + tree + "}\n\n"
                + "event: response.in_progress\ndata: {\"type\":\"response.in_progress\",\"sequence_number\":1,\"response\":" + tree + "}\n\n",
                out.toString(StandardCharsets.UTF_8));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new SseWriter().begin(Unpooled.buffer(), "e").sameTree("response"), "nothing to copy yet");
    }

    @org.junit.jupiter.api.Test
    void aTreeIsWrittenAsJacksonWritesIt() {
        var tree = Json.parse("{\"s\":\"a\\\"b\\n\",\"i\":-12,\"l\":12345678901234,\"d\":0.25,\"e\":1.0E-7,\"t\":true,\"f\":false,"
                + "\"n\":null,\"a\":[1,{\"x\":[]},\"\\u0001\"],\"o\":{}}");
        ByteBuf out = Unpooled.buffer();
        new SseWriter().begin(out, "e").tree("tree", tree).end();
        String data = out.toString(StandardCharsets.UTF_8).split("\n")[1].substring("data: ".length());
        assertEquals("{\"type\":\"e\",\"tree\":" + tree + "}", data);
    }

    /** An object written member by member is remembered as a tree is; members written as JSON already join it with commas. */
    @org.junit.jupiter.api.Test
    void anObjectOfMembersWrittenAlreadyIsRememberedLikeATree() {
        ByteBuf settings = Unpooled.copiedBuffer("\"store\":false,\"tools\":[]", StandardCharsets.UTF_8);
        ByteBuf items = Unpooled.buffer();
        ByteBuf out = Unpooled.buffer(8);
        SseWriter sse = new SseWriter();
        sse.begin(out, "item").tree("item", Json.parse("{\"id\":\"msg_1\",\"text\":\"ü\"}")).end();
        sse.sameTreeInto(items);
        items.writeByte(',');
        sse.sameTreeInto(items);
        sse.begin(out, "done").object("response", r -> r.field("id", "resp_1").members(Unpooled.EMPTY_BUFFER).value("error", null)
                .members(settings).array("output").members(items).endArray().value("usage", Json.parse("{\"total_tokens\":3}"))).end();
        String response = "{\"id\":\"resp_1\",\"error\":null,\"store\":false,\"tools\":[],\"output\":[{\"id\":\"msg_1\",\"text\":\"ü\"},"
                + "{\"id\":\"msg_1\",\"text\":\"ü\"}],\"usage\":{\"total_tokens\":3}}";
        assertEquals(response, sse.sameTreeText());
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("data: {\"type\":\"done\",\"response\":" + response + "}", lines[4]);
        assertEquals(Json.parse(response), Json.parse(lines[4].substring("data: ".length())).get("response"));
        assertEquals(settings.readableBytes(), settings.writerIndex(), "members copied, not consumed");
    }
}
