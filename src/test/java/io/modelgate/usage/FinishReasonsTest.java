package io.modelgate.usage;

import io.modelgate.policy.ApiFamily;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Why an answer ended is read as each API says it, from a whole answer or a stream's events, and only when asked. */
class FinishReasonsTest {

    private static List<String> read(ApiFamily family, boolean events, String answer) {
        UsageReader reader = new UsageReader(family, events, true);
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < bytes.length; at += 7) { // cut anywhere
            reader.feed(bytes, at, Math.min(bytes.length, at + 7));
        }
        return reader.finishReasons();
    }

    @Test
    void chatCompletionsSayFinishReason() {
        assertEquals(List.of("tool_calls"), read(ApiFamily.OPENAI, false,
                "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"tool_calls\":[]},\"finish_reason\":\"tool_calls\"}],\"usage\":{}}"));
        assertEquals(List.of("stop", "length"), read(ApiFamily.OPENAI, true,
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: {\"choices\":[{\"index\":1,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n"
                        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n"));
    }

    @Test
    void messagesSayStopReason() {
        assertEquals(List.of("end_turn"), read(ApiFamily.ANTHROPIC, false,
                "{\"type\":\"message\",\"content\":[],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":3}}"));
        assertEquals(List.of("tool_use"), read(ApiFamily.ANTHROPIC, true,
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"stop_reason\":null,\"usage\":{\"input_tokens\":3}}}\n\n"
                        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}\n\n"));
    }

    @Test
    void onlyTheTwoKeysCountAndInTheOrderTheyCame() {
        assertEquals(List.of("length", "end_turn"), read(ApiFamily.OPENAI, false,
                "{\"choices\":[{\"message\":{\"content\":\"nonstop_reason\",\"refusal_reason\":\"x\"},\"my_finish_reason\":\"y\","
                        + "\"finish_reason\":\"length\"},{\"stop_reason\" : \"end_turn\"},{\"finish_reason\":\"length\"}]}"));
    }

    @Test
    void aReaderNotAskedReadsNone() {
        UsageReader reader = new UsageReader(ApiFamily.OPENAI, false);
        byte[] answer = "{\"choices\":[{\"finish_reason\":\"stop\"}]}".getBytes(StandardCharsets.UTF_8);
        reader.feed(answer, 0, answer.length);
        assertEquals(List.of(), reader.finishReasons());
    }
}
