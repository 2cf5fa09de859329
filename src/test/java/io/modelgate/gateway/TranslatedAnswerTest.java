package io.modelgate.gateway;

import io.modelgate.error.ErrorShape;
import io.modelgate.policy.ApiFamily;
import io.modelgate.translate.Translation;
import io.modelgate.upstream.UpstreamResponse;
import io.modelgate.usage.TokenPrices;
import io.modelgate.usage.TokenUsage;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A translated answer leaves as it arrives: each upstream event's translation at once, the last with the answer's end. */
class TranslatedAnswerTest {

    /** An upstream answer's head, as the relay sees it before reading the body. */
    private static UpstreamResponse head(int status, String contentType) {
        return new UpstreamResponse() {
            @Override
            public int status() {
                return status;
            }

            @Override
            public MultiMap headers() {
                return MultiMap.caseInsensitiveMultiMap().add("Content-Type", contentType);
            }

            @Override
            public ReadStream<Buffer> body() {
                throw new UnsupportedOperationException("the watch is handed the body's chunks");
            }

            @Override
            public void cancel() {
            }

            @Override
            public void discard() {
            }
        };
    }

    private static AnswerWatch watch(int status, String contentType) {
        return TranslatedAnswer.of(Translation.MESSAGES_OVER_CHAT, false, null, ErrorShape.ANTHROPIC, AnswerWatches.NONE).open(null, head(status, contentType));
    }

    @Test
    void eachEventLeavesAsSoonAsItArrivesAndTheLastWithTheEnd() {
        AnswerWatch watch = watch(200, "text/event-stream");
        assertTrue(watch.rewrites(), "the upstream's Content-Length is void");

        Buffer first = watch.chunk(Buffer.buffer("data: {\"id\":\"c1\",\"model\":\"qwen\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel"));
        assertNull(first, "half an event: nothing yet");
        Buffer rest = watch.chunk(Buffer.buffer("lo\"}}]}\n\n"));
        assertTrue(rest.toString().startsWith("event: message_start\n") && rest.toString().contains("\"text\":\"Hello\""), rest.toString());

        assertNull(watch.chunk(Buffer.buffer("data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")),
                "the upstream is done: its last events go out with the end of the answer, in one write");
        String end = watch.end().toString();
        assertTrue(end.contains("event: content_block_stop") && end.contains("\"stop_reason\":\"end_turn\"")
                && end.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), end);
    }

    @Test
    void anUpstreamErrorIsRewrittenInTheCallersShape() {
        AnswerWatch watch = watch(400, "application/json");
        assertNull(watch.chunk(Buffer.buffer("{\"error\":{\"message\":\"context too long\",\"type\":\"invalid_request_error\"}}")));
        assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"context too long\"}}", watch.end().toString());
    }

    @Test
    void aDocumentIsRewrittenWhole() {
        AnswerWatch watch = watch(200, "application/json");
        assertNull(watch.chunk(Buffer.buffer("{\"id\":\"chatcmpl-1\",\"model\":\"qwen\",\"choices\":[{\"message\":{\"content\":\"Hi\"},")));
        assertNull(watch.chunk(Buffer.buffer("\"finish_reason\":\"length\"}]}")));
        String message = watch.end().toString();
        assertTrue(message.contains("\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]") && message.contains("\"stop_reason\":\"max_tokens\""), message);
    }

    @Test
    void aStreamsUsageIsReadFromTheEventsItIsTranslatedFromWhereverTheChunksAreCut() {
        String stream = "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}],\"usage\":null}\n\n"
                + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
                + "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":4},\"completion_tokens_details\":{\"reasoning_tokens\":2}}}\n\n"
                // a later usage object overrides only the counts it gives (a null or negative count gives none)
                + "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":null,\"completion_tokens\":5,"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":-1}}}\n\ndata: [DONE]\n\n";
        for (int cut = 1; cut < stream.length(); cut += 7) {
            UsageWatch usage = new UsageWatch(ApiFamily.OPENAI, true, false, TokenPrices.NONE);
            AnswerWatch watch = TranslatedAnswer.of(Translation.MESSAGES_OVER_CHAT, false, null, ErrorShape.ANTHROPIC,
                    (deployment, response) -> usage).open(null, head(200, "text/event-stream"));
            StringBuilder written = new StringBuilder();
            for (String piece : new String[] {stream.substring(0, cut), stream.substring(cut)}) {
                Buffer out = watch.chunk(Buffer.buffer(piece));
                written.append(out == null ? "" : out.toString());
            }
            written.append(watch.end().toString());
            assertEquals(new TokenUsage(12, 4, 0, 5, 2), usage.usage(), "cut at " + cut);
            assertTrue(written.toString().contains("\"output_tokens\":5"), written.toString());
        }
    }

    /** Relays {@code stream} through {@code translation} in two pieces cut at {@code cut}; returns what the caller got. */
    private static String relay(Translation translation, ErrorShape shape, UsageWatch usage, String stream, int cut) {
        AnswerWatch watch = TranslatedAnswer.of(translation, true, null, shape, (deployment, response) -> usage)
                .open(null, head(200, "text/event-stream"));
        StringBuilder written = new StringBuilder();
        for (String piece : new String[] {stream.substring(0, cut), stream.substring(cut)}) {
            Buffer out = watch.chunk(Buffer.buffer(piece));
            written.append(out == null ? "" : out.toString());
        }
        return written.append(watch.end().toString()).toString();
    }

    @Test
    void aTracedStreamsFinishReasonIsTheUpstreamsOwnAsTheTranslatorReadsIt() {
        String stream = "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n"
                + "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9}}\n\ndata: [DONE]\n\n";
        for (int cut = 1; cut < stream.length(); cut += 11) {
            UsageWatch usage = new UsageWatch(ApiFamily.OPENAI, true, false, TokenPrices.NONE, true);
            String written = relay(Translation.MESSAGES_OVER_CHAT, ErrorShape.ANTHROPIC, usage, stream, cut);
            assertEquals(java.util.List.of("length"), usage.finishReasons(), "chat's reason, not the caller's max_tokens; cut at " + cut);
            assertEquals(new TokenUsage(5, 0, 0, 9, 0), usage.usage(), "cut at " + cut);
            assertTrue(written.contains("\"stop_reason\":\"max_tokens\""), written);
        }
    }

    @Test
    void aMessagesStreamsUsageIsReadFromItsEventsWhenTranslatedToChat() {
        String stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude\",\"content\":[],\"usage\":{\"input_tokens\":10,"
                + "\"cache_read_input_tokens\":30,\"cache_creation_input_tokens\":2,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":6}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        for (int cut = 1; cut < stream.length(); cut += 13) {
            UsageWatch usage = new UsageWatch(ApiFamily.ANTHROPIC, true, false, TokenPrices.NONE, true);
            String written = relay(Translation.CHAT_OVER_MESSAGES, ErrorShape.OPENAI, usage, stream, cut);
            assertEquals(new TokenUsage(42, 30, 2, 6, 0), usage.usage(), "Anthropic's cache reads and writes counted as input; cut at " + cut);
            assertEquals(java.util.List.of("end_turn"), usage.finishReasons(), "cut at " + cut);
            assertTrue(written.contains("\"finish_reason\":\"stop\"") && written.endsWith("data: [DONE]\n\n"), written);
        }
    }

    @Test
    void aDocumentsUsageIsReadBeforeItIsRewritten() {
        UsageWatch usage = new UsageWatch(ApiFamily.OPENAI, false, false, TokenPrices.NONE);
        AnswerWatch watch = TranslatedAnswer.of(Translation.MESSAGES_OVER_CHAT, false, null, ErrorShape.ANTHROPIC,
                (deployment, response) -> usage).open(null, head(200, "application/json"));
        assertNull(watch.chunk(Buffer.buffer("{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}")));
        assertTrue(watch.end().toString().contains("\"input_tokens\":7"));
        assertEquals(new TokenUsage(7, 0, 0, 2, 0), usage.usage());
    }

    /**
     * Translated streams share their thread's buffers (what they write is copied out at its length): two answers cut
     * into pieces and relayed turn about on one thread each get exactly what they get alone, and an answer that got a
     * piece larger than the buffers a thread keeps still reads right; what was handed out is not changed later.
     */
    @Test
    void streamsRelayedTurnAboutOnOneThreadEachGetTheirOwnAnswer() {
        String huge = "x".repeat(TranslationScratch.KEPT * 2);
        String[] streams = {
                "data: {\"id\":\"c1\",\"model\":\"qwen\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\n"
                        + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n",
                "data: {\"id\":\"c2\",\"model\":\"llama\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + huge + "\"}}]}\n\n"
                        + "data: {\"id\":\"c2\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\ndata: [DONE]\n\n"};
        String[] alone = new String[2];
        for (int s = 0; s < 2; s++) {
            AnswerWatch watch = watch(200, "text/event-stream");
            StringBuilder text = new StringBuilder();
            for (int piece = 0; piece < 4; piece++) {
                Buffer out = watch.chunk(quarter(streams[s], piece));
                text.append(out == null ? "" : out.toString());
            }
            alone[s] = text.append(watch.end()).toString();
        }
        assertTrue(alone[0].contains("\"text\":\"Hello\"") && alone[1].contains(huge) && alone[1].contains("\"stop_reason\":\"max_tokens\""));
        AnswerWatch[] watches = {watch(200, "text/event-stream"), watch(200, "text/event-stream")};
        StringBuilder[] written = {new StringBuilder(), new StringBuilder()};
        java.util.List<Buffer> handedOut = new java.util.ArrayList<>();
        for (int piece = 0; piece < 4; piece++) {
            for (int s = 0; s < 2; s++) {
                Buffer out = watches[s].chunk(quarter(streams[s], piece));
                if (out != null) {
                    written[s].append(out);
                    handedOut.add(out);
                }
            }
        }
        String firstHandedOut = handedOut.get(0).toString();
        for (int s = 0; s < 2; s++) {
            written[s].append(watches[s].end());
            assertEquals(alone[s], written[s].toString(), "stream " + s);
        }
        assertEquals(firstHandedOut, handedOut.get(0).toString(), "a buffer handed out is the caller's: later translations do not write into it");
    }

    private static Buffer quarter(String stream, int piece) {
        return Buffer.buffer(stream.substring(stream.length() * piece / 4, stream.length() * (piece + 1) / 4));
    }
}
