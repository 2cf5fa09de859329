package io.modelgate.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.policy.ApiFamily;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The usage reader gives the same totals however an answer is cut into chunks: for generated answers of each family
 * (plain and streamed, with content that mentions "usage" and carries escapes and multi-byte characters), split at
 * every byte boundary and into random pieces, it reads exactly the usage the answer reports.
 */
class UsageReaderProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A generated answer, the family and framing to read it as, and the usage it reports. */
    record Answer(ApiFamily family, boolean events, byte[] bytes, TokenUsage reported) {
        @Override
        public String toString() {
            return family + (events ? " stream " : " answer ") + new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Property(tries = 150)
    void everySplitReadsWhatTheWholeAnswerReports(@ForAll("answers") Answer answer, @ForAll long seed) {
        assertEquals(answer.reported(), whole(answer), answer.toString());
        byte[] bytes = answer.bytes();
        for (int cut = 0; cut <= bytes.length; cut++) {
            UsageReader reader = new UsageReader(answer.family(), answer.events());
            reader.feed(bytes, 0, cut);
            reader.feed(bytes, cut, bytes.length);
            assertEquals(answer.reported(), reader.usage(), "cut at " + cut);
        }
        Random random = new Random(seed);
        UsageReader reader = new UsageReader(answer.family(), answer.events());
        for (int from = 0; from < bytes.length; ) {
            int to = Math.min(bytes.length, from + 1 + random.nextInt(40));
            reader.feed(bytes, from, to);
            from = to;
        }
        assertEquals(answer.reported(), reader.usage(), "random pieces");
    }

    private static TokenUsage whole(Answer answer) {
        UsageReader reader = new UsageReader(answer.family(), answer.events());
        reader.feed(answer.bytes(), 0, answer.bytes().length);
        return reader.usage();
    }

    @Provide
    Arbitrary<Answer> answers() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().withChars("ab \"\\\n{}:,é€😀").ofMaxLength(12),
                Arbitraries.of("\"usage\":{\"prompt_tokens\":999}", "usage", "data: {\"usage\":1}\n\n"));
        Arbitrary<List<String>> pieces = text.list().ofMinSize(0).ofMaxSize(4);
        Arbitrary<long[]> counts = Arbitraries.longs().between(0, 100_000).array(long[].class).ofSize(5);
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 5);
        Arbitrary<Boolean> crlf = Arbitraries.of(false, true);
        return Combinators.combine(kind, pieces, counts, crlf).as(UsageReaderProperties::answer);
    }

    private static Answer answer(int kind, List<String> pieces, long[] n, boolean crlf) {
        long input = n[0];
        long cached = Math.min(n[1], input);
        long output = n[2];
        long reasoning = Math.min(n[3], output);
        return switch (kind) {
            case 0 -> { // chat stream with the usage chunk
                StringBuilder s = new StringBuilder();
                for (String piece : pieces) {
                    ObjectNode chunk = JSON.createObjectNode().put("object", "chat.completion.chunk");
                    chunk.putArray("choices").addObject().putObject("delta").put("content", piece);
                    chunk.putNull("usage");
                    s.append(event(null, chunk, crlf));
                }
                ObjectNode last = JSON.createObjectNode();
                last.putArray("choices");
                openAiChatUsage(last, input, cached, output, reasoning);
                s.append(event(null, last, crlf)).append("data: [DONE]").append(crlf ? "\r\n\r\n" : "\n\n");
                yield new Answer(ApiFamily.OPENAI, true, bytes(s), new TokenUsage(input, cached, 0, output, reasoning));
            }
            case 1 -> { // Responses stream
                StringBuilder s = new StringBuilder(event("response.created",
                        JSON.createObjectNode().put("type", "response.created").set("response", JSON.createObjectNode().putNull("usage")), crlf));
                for (String piece : pieces) {
                    s.append(event("response.output_text.delta", JSON.createObjectNode().put("type", "response.output_text.delta")
                            .put("delta", piece), crlf));
                }
                ObjectNode response = JSON.createObjectNode().put("id", "resp_x");
                ArrayNode items = response.putArray("output");
                pieces.forEach(piece -> items.addObject().put("text", piece));
                responsesUsage(response, input, cached, output, reasoning);
                s.append(event("response.completed", JSON.createObjectNode().put("type", "response.completed").set("response", response), crlf));
                yield new Answer(ApiFamily.OPENAI, true, bytes(s), new TokenUsage(input, cached, 0, output, reasoning));
            }
            case 2 -> { // Messages stream
                long written = n[4];
                ObjectNode message = JSON.createObjectNode().put("id", "msg_x");
                message.putObject("usage").put("input_tokens", input).put("cache_read_input_tokens", cached)
                        .put("cache_creation_input_tokens", written).put("output_tokens", 1);
                StringBuilder s = new StringBuilder(event("message_start",
                        JSON.createObjectNode().put("type", "message_start").set("message", message), crlf));
                for (String piece : pieces) {
                    ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta");
                    delta.putObject("delta").put("type", "text_delta").put("text", piece);
                    s.append(event("content_block_delta", delta, crlf));
                }
                ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
                end.putObject("usage").put("output_tokens", output);
                s.append(event("message_delta", end, crlf)).append(event("message_stop", JSON.createObjectNode().put("type", "message_stop"), crlf));
                yield new Answer(ApiFamily.ANTHROPIC, true, bytes(s), new TokenUsage(input + cached + written, cached, written, output, 0));
            }
            case 3 -> { // plain chat completion
                ObjectNode body = JSON.createObjectNode().put("object", "chat.completion");
                pieces.forEach(piece -> body.withArray("choices").addObject().putObject("message").put("content", piece));
                openAiChatUsage(body, input, cached, output, reasoning);
                body.put("system_fingerprint", "fp");
                yield new Answer(ApiFamily.OPENAI, false, bytes(body.toPrettyString()), new TokenUsage(input, cached, 0, output, reasoning));
            }
            case 4 -> { // plain Responses answer
                ObjectNode body = JSON.createObjectNode().put("object", "response");
                pieces.forEach(piece -> body.withArray("output").addObject().put("text", piece));
                responsesUsage(body, input, cached, output, reasoning);
                yield new Answer(ApiFamily.OPENAI, false, bytes(body.toString()), new TokenUsage(input, cached, 0, output, reasoning));
            }
            default -> { // plain Anthropic message
                ObjectNode body = JSON.createObjectNode().put("type", "message");
                pieces.forEach(piece -> body.withArray("content").addObject().put("type", "text").put("text", piece));
                body.putObject("usage").put("input_tokens", input).put("cache_read_input_tokens", cached).put("output_tokens", output);
                yield new Answer(ApiFamily.ANTHROPIC, false, bytes(body.toString()), new TokenUsage(input + cached, cached, 0, output, 0));
            }
        };
    }

    private static void openAiChatUsage(ObjectNode body, long input, long cached, long output, long reasoning) {
        ObjectNode usage = body.putObject("usage").put("prompt_tokens", input).put("completion_tokens", output)
                .put("total_tokens", input + output);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
    }

    private static void responsesUsage(ObjectNode body, long input, long cached, long output, long reasoning) {
        ObjectNode usage = body.putObject("usage").put("input_tokens", input);
        usage.putObject("input_tokens_details").put("cached_tokens", cached);
        usage.put("output_tokens", output);
        usage.putObject("output_tokens_details").put("reasoning_tokens", reasoning);
    }

    private static String event(String name, ObjectNode data, boolean crlf) {
        String eol = crlf ? "\r\n" : "\n";
        return (name == null ? "" : "event: " + name + eol) + "data: " + data + eol + eol;
    }

    private static byte[] bytes(CharSequence text) {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
