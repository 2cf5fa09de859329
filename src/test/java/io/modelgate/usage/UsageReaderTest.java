package io.modelgate.usage;

import io.modelgate.policy.ApiFamily;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Usage as each family reports it, normalised to input (cached included), cached, cache-written, output, reasoning. */
class UsageReaderTest {

    static TokenUsage read(ApiFamily family, boolean events, String answer) {
        UsageReader reader = new UsageReader(family, events);
        reader.feed(Buffer.buffer(answer));
        return reader.usage();
    }

    @Test
    void aChatCompletionsUsageWithItsDetails() {
        String answer = """
                {"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"say \\"usage\\": {}"}}],
                 "usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150,
                          "prompt_tokens_details":{"cached_tokens":100},"completion_tokens_details":{"reasoning_tokens":12}}}""";
        assertEquals(new TokenUsage(120, 100, 0, 30, 12), read(ApiFamily.OPENAI, false, answer));
    }

    @Test
    void theResponsesApiUsageIsReadFromAStreamsCompletedEventOnly() {
        String stream = """
                event: response.created
                data: {"type":"response.created","response":{"id":"resp_1","usage":null}}

                event: response.output_text.delta
                data: {"type":"response.output_text.delta","delta":"the \\"usage\\" of words"}

                event: response.completed
                data: {"type":"response.completed","response":{"id":"resp_1","tools":[{"parameters":{"properties":{"usage":{"type":"string"}}}}],"usage":{"input_tokens":40,"input_tokens_details":{"cached_tokens":8},"output_tokens":9,"output_tokens_details":{"reasoning_tokens":3},"total_tokens":49}}}

                """;
        assertEquals(new TokenUsage(40, 8, 0, 9, 3), read(ApiFamily.OPENAI, true, stream));
    }

    @Test
    void anthropicCountsCacheReadsAndWritesApartFromInputAndTheLastDeltaHasTheOutput() {
        String stream = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":10,"cache_creation_input_tokens":200,"cache_read_input_tokens":1000,"output_tokens":1}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":42}}

                """;
        assertEquals(new TokenUsage(1210, 1000, 200, 42, 0), read(ApiFamily.ANTHROPIC, true, stream));
        assertEquals(new TokenUsage(15, 5, 0, 3, 0), read(ApiFamily.ANTHROPIC, false,
                "{\"type\":\"message\",\"content\":[],\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":5,\"output_tokens\":3}}"));
    }

    @Test
    void aStreamCutShortCountsWhatWasReported() {
        String cut = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":10,"output_tokens":1}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}

                event: message_delta
                data: {"type":"message_delta","usage":{"output_to""";
        assertEquals(new TokenUsage(10, 0, 0, 1, 0), read(ApiFamily.ANTHROPIC, true, cut));
    }

    @Test
    void chunksWithNullUsageAreSkippedAndTheUsageChunkIsRead() {
        String stream = "data: {\"choices\":[{\"delta\":{\"content\":\"a \\\"usage\\\": null\"}}],\"usage\":null}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"usage\"}}],\"usage\" : null}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\ndata: [DONE]\n\n";
        assertEquals(new TokenUsage(9, 0, 0, 2, 0), read(ApiFamily.OPENAI, true, stream));
        byte[] nulls = "{\"usage\":null,\"x\":{\"usage\" :\tnull}}".getBytes(StandardCharsets.UTF_8);
        assertEquals(false, UsageReader.mayCarryUsage(nulls, 0, nulls.length));
        for (String carrying : new String[] {"{\"usage\":{}}", "{\"usage\":null,\"response\":{\"usage\":{\"input_tokens\":1}}}", "{\"a\":\"usage\"}",
                "{\"usage\":nul"}) {
            byte[] bytes = carrying.getBytes(StandardCharsets.UTF_8);
            assertEquals(true, UsageReader.mayCarryUsage(bytes, 0, bytes.length), carrying);
        }
    }

    @Test
    void noUsageMeansUnknownNotZero() {
        assertNull(read(ApiFamily.OPENAI, false, "{\"object\":\"response.input_tokens\",\"input_tokens\":12}"));
        assertNull(read(ApiFamily.OPENAI, true, "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"usage\":null}\n\ndata: [DONE]\n\n"));
        assertNull(read(ApiFamily.OPENAI, false, "{\"usage\":{\"type\":\"duration\",\"seconds\":3}}"), "audio billed by the second");
        assertNull(read(ApiFamily.OPENAI, false, "not json"));
    }

    @Test
    void aLargeAnswerIsReadFromItsTail() {
        StringBuilder embeddings = new StringBuilder("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < 4000; i++) {
            embeddings.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
                    .append(",\"embedding\":[0.0123,-0.0456,0.0789,0.0012,-0.0345,0.0678,0.0901,-0.0234,0.0567,0.0890]}");
        }
        embeddings.append("],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":8000,\"total_tokens\":8000}}");
        byte[] bytes = embeddings.toString().getBytes(StandardCharsets.UTF_8);
        UsageReader reader = new UsageReader(ApiFamily.OPENAI, false);
        for (int i = 0; i < bytes.length; i += 8192) {
            reader.feed(bytes, i, Math.min(bytes.length, i + 8192));
        }
        assertEquals(new TokenUsage(8000, 0, 0, 0, 0), reader.usage());
    }

    @Test
    void crLfLinesAndNoSpaceAfterData() {
        String stream = "data:{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}\r\n\r\ndata: [DONE]\r\n\r\n";
        assertEquals(new TokenUsage(3, 0, 0, 4, 0), read(ApiFamily.OPENAI, true, stream));
    }
}
