package io.modelgate.responses;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ResponseIdReaderTest {

    private static final String JSON = "{\"id\":\"resp_abc\",\"object\":\"response\",\"output\":[{\"id\":\"msg_1\"}]}";
    private static final String LATE_ID_JSON = "{\"object\":\"response\",\"output\":[{\"id\":\"msg_1\",\"content\":{\"id\":\"x\"}}],"
            + "\"metadata\":{\"id\":\"meta\"},\"id\":\"resp_late\"}";
    private static final String EVENTS = "event: response.created\n"
            + "data: {\"type\":\"response.created\",\"sequence_number\":0,\"item\":{\"id\":\"not-this\"},"
            + "\"response\":{\"tools\":[{\"id\":\"tool\"}],\"id\":\"resp_stream\",\"status\":\"in_progress\"}}\n\n"
            + "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_other\"}}\n\n";

    private static String read(String body, boolean eventStream, int chunkSize) {
        ResponseIdReader reader = new ResponseIdReader(eventStream);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < bytes.length; at += chunkSize) {
            reader.feed(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunkSize))));
        }
        return reader.id();
    }

    @Test
    void findsTheTopLevelIdOfAJsonAnswerWhereverTheChunksSplitIt() {
        for (int size = 1; size <= JSON.length(); size++) {
            assertEquals("resp_abc", read(JSON, false, size), "chunks of " + size);
            assertEquals("resp_late", read(LATE_ID_JSON, false, size), "chunks of " + size);
        }
    }

    @Test
    void findsTheResponseIdOfAStreamsFirstEventOnly() {
        for (int size = 1; size <= EVENTS.length(); size++) {
            assertEquals("resp_stream", read(EVENTS, true, size), "chunks of " + size);
        }
        assertEquals("resp_crlf", read("event: response.created\r\ndata: {\"response\":{\"id\":\"resp_crlf\"}}\r\n\r\n", true, 7));
        assertEquals("resp_spaced", read(": keep-alive comment\n\ndata:{\"response\":{\"id\":\"resp_spaced\"}}\n\n", true, 3));
    }

    @Test
    void learnsNothingFromAnAnswerWithoutAnIdWhereItBelongs() {
        assertNull(read("{\"object\":\"response\",\"output\":[]}", false, 5));
        assertNull(read("{\"error\":{\"id\":\"nope\"}}", false, 5));
        assertNull(read("not json at all", false, 3));
        assertNull(read("[\"id\",\"resp_x\"]", false, 3));
        assertNull(read("{\"id\":42}", false, 3));
        // the first data line had no response id: a later event's is not taken
        assertNull(read("data: {\"type\":\"error\"}\n\ndata: {\"response\":{\"id\":\"resp_late\"}}\n\n", true, 4));
    }

    @Test
    void findsTheIdOfAFirstEventLongerThanTheScanLimit() {
        // Codex's response.created echoes its instructions and tools: the id comes first, long before the line ends
        String created = "data: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_codex\",\"instructions\":\""
                + "You are Codex. ".repeat(ResponseIdReader.SCAN_LIMIT / 5) + "\"}}\n\n";
        assertEquals("resp_codex", read(created, true, 16 * 1024));
        assertEquals("resp_codex", read(created, true, 7));
    }

    @Test
    void givesUpAfterTheScanLimit() {
        String padding = "{\"padding\":\"" + "x".repeat(ResponseIdReader.SCAN_LIMIT) + "\",\"id\":\"resp_far\"}";
        assertNull(read(padding, false, 8192));
    }
}
