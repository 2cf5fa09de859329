package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chat completions streams, as OpenAI's reference and vLLM send them, as Anthropic Messages streams. */
class ChatStreamToMessagesTest {

    /** A Messages event as read back: its name and data. */
    record Event(String name, JsonNode data) {
        String type() {
            return data.path("type").asText();
        }
    }

    private static String chunk(String json) {
        return "data: " + json.replace('\'', '"') + "\n\n";
    }

    /** The events the stream makes, fed to the translator in pieces of {@code piece} bytes. */
    private static List<Event> translate(String stream, int piece) {
        SseEvents upstream = new SseEvents();
        ChatStreamToMessages translator = new ChatStreamToMessages();
        ByteBuf out = Unpooled.buffer();
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < bytes.length; at += piece) {
            byte[] part = java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + piece));
            upstream.feed(part, (SseEvents.BytesHandler) (name, data, from, to) -> translator.event(name, data, from, to, out));
        }
        translator.end(out);
        List<Event> events = new ArrayList<>();
        new SseEvents().feed(ByteBufUtil.getBytes(out), (name, data) -> events.add(new Event(name, Json.parse(data))));
        return events;
    }

    private static final String TEXT_STREAM = chunk("{'id':'chatcmpl-123','object':'chat.completion.chunk','created':1694268190,"
            + "'model':'gpt-4o-mini','choices':[{'index':0,'delta':{'role':'assistant','content':''},'finish_reason':null}],'usage':null}")
            + chunk("{'id':'chatcmpl-123','model':'gpt-4o-mini','choices':[{'index':0,'delta':{'content':'Hello'},'finish_reason':null}],'usage':null}")
            + chunk("{'id':'chatcmpl-123','model':'gpt-4o-mini','choices':[{'index':0,'delta':{'content':' there'},'finish_reason':null}],'usage':null}")
            + chunk("{'id':'chatcmpl-123','model':'gpt-4o-mini','choices':[{'index':0,'delta':{},'finish_reason':'stop'}],'usage':null}")
            + chunk("{'id':'chatcmpl-123','model':'gpt-4o-mini','choices':[],'usage':{'prompt_tokens':9,'completion_tokens':2,"
            + "'total_tokens':11,'prompt_tokens_details':{'cached_tokens':4}}}")
            + "data: [DONE]\n\n";

    @Test
    void aTextStreamBecomesTheMessagesEventSequence() {
        List<Event> events = translate(TEXT_STREAM, Integer.MAX_VALUE);
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop"), events.stream().map(Event::name).toList());
        events.forEach(event -> assertEquals(event.name(), event.type(), "each event's data names it too"));
        assertEquals("msg_chatcmpl-123", events.get(0).data().at("/message/id").asText());
        assertEquals("gpt-4o-mini", events.get(0).data().at("/message/model").asText());
        assertEquals("Hello", events.get(2).data().at("/delta/text").asText());
        assertEquals(" there", events.get(3).data().at("/delta/text").asText());
        JsonNode end = events.get(5).data();
        assertEquals("end_turn", end.at("/delta/stop_reason").asText());
        assertEquals(5, end.at("/usage/input_tokens").asInt(), "chat's prompt tokens include the cached ones; Messages' do not");
        assertEquals(4, end.at("/usage/cache_read_input_tokens").asInt());
        assertEquals(2, end.at("/usage/output_tokens").asInt());
    }

    @Test
    void theSameEventsWhateverPiecesTheBytesArriveIn() {
        List<Event> whole = translate(TEXT_STREAM, Integer.MAX_VALUE);
        for (int piece = 1; piece < 40; piece++) {
            assertEquals(whole, translate(TEXT_STREAM, piece), "pieces of " + piece + " bytes");
        }
    }

    @Test
    void parallelToolCallsWithArgumentsInPiecesAfterReasoning() {
        String stream = chunk("{'id':'c1','model':'qwen','choices':[{'index':0,'delta':{'role':'assistant','reasoning_content':'Need both.'}}]}")
                + chunk("{'id':'c1','choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'id':'call_a','type':'function',"
                + "'function':{'name':'get_weather','arguments':''}}]}}]}")
                + chunk("{'id':'c1','choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'function':{'arguments':'{\\'loc'}}]}}]}")
                + chunk("{'id':'c1','choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'function':{'arguments':'ation\\':\\'Paris\\'}'}}]}}]}")
                + chunk("{'id':'c1','choices':[{'index':0,'delta':{'tool_calls':[{'index':1,'id':'call_b','type':'function',"
                + "'function':{'name':'get_time','arguments':'{}'}}]}}]}")
                + chunk("{'id':'c1','choices':[{'index':0,'delta':{},'finish_reason':'tool_calls'}]}")
                + chunk("{'id':'c1','choices':[],'usage':{'prompt_tokens':30,'completion_tokens':12}}")
                + "data: [DONE]\n\n";
        List<Event> events = translate(stream, 7);
        assertEquals(List.of("message_start",
                "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop"), events.stream().map(Event::name).toList());
        assertEquals("thinking", events.get(1).data().at("/content_block/type").asText());
        assertEquals("Need both.", events.get(2).data().at("/delta/thinking").asText());
        assertEquals(json("{'type':'tool_use','id':'call_a','name':'get_weather','input':{}}"), events.get(4).data().get("content_block"));
        assertEquals(1, events.get(4).data().get("index").asInt());
        assertEquals("{\"loc", events.get(5).data().at("/delta/partial_json").asText());
        assertEquals("ation\":\"Paris\"}", events.get(6).data().at("/delta/partial_json").asText());
        assertEquals("call_b", events.get(8).data().at("/content_block/id").asText());
        assertEquals(2, events.get(10).data().get("index").asInt());
        assertEquals("tool_use", events.get(11).data().at("/delta/stop_reason").asText());
        assertEquals(30, events.get(11).data().at("/usage/input_tokens").asInt());
    }

    @Test
    void aStreamCutShortIsStillClosedAndAnErrorIsAnErrorEvent() {
        List<Event> cut = translate(chunk("{'id':'c','choices':[{'index':0,'delta':{'content':'Hel'}}]}"), 5);
        assertEquals("message_stop", cut.get(cut.size() - 1).name());
        assertEquals("end_turn", cut.get(cut.size() - 2).data().at("/delta/stop_reason").asText());

        List<Event> failed = translate(chunk("{'id':'c','choices':[{'index':0,'delta':{'content':'Hel'}}]}")
                + chunk("{'error':{'message':'engine died','type':'server_error'}}"), 64);
        Event last = failed.get(failed.size() - 1);
        assertEquals("error", last.name());
        assertEquals(json("{'type':'error','error':{'type':'api_error','message':'engine died'}}"), last.data());
        assertTrue(failed.stream().noneMatch(event -> event.name().equals("message_stop")), "a failed message is not said to have ended well");
    }

    @Test
    void anEmptyStreamIsStillAMessage() {
        assertEquals(List.of("message_start", "message_delta", "message_stop"),
                translate("data: [DONE]\n\n", 3).stream().map(Event::name).toList());
    }

    private static JsonNode json(String text) {
        return Json.parse(text.replace('\'', '"'));
    }
}
