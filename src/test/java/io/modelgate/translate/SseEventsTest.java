package io.modelgate.translate;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server-sent events as the specification frames them, however the bytes are cut. */
class SseEventsTest {

    private static final String STREAM = ": a comment\n\nevent: message_start\ndata: {\"a\":1}\n\n"
            + "data: line one\ndata: line two\nid: 7\n\n"
            + "event: ping\r\ndata:no-space\r\n\r\n"
            + "data: [DONE]\n\n";

    private static List<String> events(String stream, int piece) {
        List<String> events = new ArrayList<>();
        SseEvents reader = new SseEvents();
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < bytes.length; at += piece) {
            reader.feed(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + piece)), (name, data) -> events.add(name + "|" + data));
        }
        return events;
    }

    @Test
    void namesDataAndLineEndingsWhateverThePieces() {
        List<String> expected = List.of("message_start|{\"a\":1}", "null|line one\nline two", "ping|no-space", "null|[DONE]");
        for (int piece = 1; piece <= STREAM.length(); piece++) {
            assertEquals(expected, events(STREAM, piece), "pieces of " + piece);
        }
    }

    @Test
    void aPieceIsReadWithinItsArrayAndNotBeyond() {
        List<String> expected = List.of("message_start|{\"a\":1}", "null|line one\nline two", "ping|no-space", "null|[DONE]");
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int piece = 1; piece <= bytes.length; piece += 3) {
            List<String> events = new ArrayList<>();
            SseEvents reader = new SseEvents();
            for (int at = 0; at < bytes.length; at += piece) {
                int size = Math.min(piece, bytes.length - at);
                byte[] scratch = new byte[size + 8]; // the piece at offset 3, blank lines around it that are no part of it
                java.util.Arrays.fill(scratch, (byte) '\n');
                System.arraycopy(bytes, at, scratch, 3, size);
                reader.feed(scratch, 3, size, (SseEvents.BytesHandler) (name, data, from, to)
                        -> events.add(name + "|" + new String(data, from, to - from, StandardCharsets.UTF_8)));
            }
            assertEquals(expected, events, "pieces of " + piece);
        }
    }

    @Test
    void anEventWithoutItsBlankLineWaits() {
        SseEvents reader = new SseEvents();
        List<String> seen = new ArrayList<>();
        reader.feed("data: {\"half\":".getBytes(StandardCharsets.UTF_8), (name, data) -> seen.add(data));
        assertTrue(seen.isEmpty());
        assertTrue(reader.partial());
        reader.feed("1}\n\n".getBytes(StandardCharsets.UTF_8), (name, data) -> seen.add(data));
        assertEquals(List.of("{\"half\":1}"), seen);
        assertFalse(reader.partial());
    }

    @Test
    void aLineFeedIsFoundWhereverItLiesInItsWord() {
        java.util.Random random = new java.util.Random(42);
        for (int run = 0; run < 5000; run++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) { // few line feeds; bytes either side of 0x0A and high ones, which could borrow
                int pick = random.nextInt(10);
                bytes[i] = (byte) (pick == 0 ? '\n' : pick == 1 ? 0x0B : pick == 2 ? 0x09 : pick == 3 ? 0x8A : pick == 4 ? 0 : 'a' + pick);
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int to = from + random.nextInt(bytes.length - from + 1);
            int expected = from;
            while (expected < to && bytes[expected] != '\n') {
                expected++;
            }
            assertEquals(expected, SseEvents.newline(bytes, from, to), java.util.Arrays.toString(bytes) + " from " + from + " to " + to);
        }
    }
}
