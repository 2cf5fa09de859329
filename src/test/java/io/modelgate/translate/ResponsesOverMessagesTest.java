package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Responses API on an Anthropic Messages server: through chat completions both ways. */
class ResponsesOverMessagesTest {

    private static JsonNode json(String text) {
        return Json.parse(text.replace('\'', '"'));
    }

    @Test
    void aCodexStyleRequestBecomesAMessagesRequest() {
        Translated translated = Translation.RESPONSES_OVER_MESSAGES.request(json("""
                {'model':'claude','instructions':'Be brief.','input':[{'type':'message','role':'developer','content':[{'type':'input_text','text':'Rules.'}]},
                  {'type':'message','role':'user','content':[{'type':'input_text','text':'list files'}]},
                  {'type':'function_call','call_id':'toolu_1','name':'exec_command','arguments':'{\\'cmd\\':\\'ls\\'}'},
                  {'type':'function_call_output','call_id':'toolu_1','output':'a.txt'}],
                 'tools':[{'type':'function','name':'exec_command','parameters':{'type':'object'}},{'type':'web_search'}],
                 'reasoning':{'effort':'low','summary':'auto'},'max_output_tokens':8000,'store':false,'stream':true,
                 'include':['reasoning.encrypted_content'],'prompt_cache_key':'k'}"""), ChatDialect.COMPATIBLE);
        assertEquals(json("""
                {'model':'claude','max_tokens':8000,'system':'Be brief.\\n\\nRules.','messages':[
                  {'role':'user','content':[{'type':'text','text':'list files'}]},
                  {'role':'assistant','content':[{'type':'tool_use','id':'toolu_1','name':'exec_command','input':{'cmd':'ls'}}]},
                  {'role':'user','content':[{'type':'tool_result','tool_use_id':'toolu_1','content':'a.txt'}]}],
                 'stream':true,'tools':[{'name':'exec_command','input_schema':{'type':'object'}}]}"""),
                Json.parse(translated.body().toString()));
        assertEquals(List.of("tool:web_search", "reasoning.effort"), translated.omitted(),
                "the turn continued lost its thinking, so thinking cannot be on: Anthropic would refuse the tool loop");
    }

    private static List<JsonNode> responseEvents(String messagesStream) {
        StreamTranslator translator = Translation.RESPONSES_OVER_MESSAGES.stream(false, ResponseFrame.unframed());
        ByteBuf out = Unpooled.buffer();
        new SseEvents().feed(messagesStream.getBytes(StandardCharsets.UTF_8), (SseEvents.BytesHandler) (name, data, from, to) -> translator.event(name, data, from, to, out));
        translator.end(out);
        List<JsonNode> events = new ArrayList<>();
        new SseEvents().feed(ByteBufUtil.getBytes(out), (name, data) -> events.add(Json.parse(data)));
        return events;
    }

    private static String event(String type, String json) {
        return "event: " + type + "\ndata: " + json.replace('\'', '"') + "\n\n";
    }

    /**
     * Claude's thinking comes back to Claude: its blocks, signatures and all, ride in the reasoning item's
     * encrypted_content, and a tool loop handed back with that item keeps thinking on — whole answers and streams.
     */
    @Test
    void thinkingAndItsSignatureSurviveATurnThroughAReasoningItem() {
        byte[] answer = Translation.RESPONSES_OVER_MESSAGES.answer(json("""
                {'id':'msg_t','type':'message','role':'assistant','model':'claude','content':[
                  {'type':'thinking','thinking':'Let me look.','signature':'sig-1'},{'type':'redacted_thinking','data':'opaque'},
                  {'type':'tool_use','id':'toolu_9','name':'exec_command','input':{'cmd':'ls'}}],
                 'stop_reason':'tool_use','usage':{'input_tokens':3,'output_tokens':4}}""").toString().getBytes(StandardCharsets.UTF_8), ResponseFrame.unframed());
        JsonNode whole = Json.parse(new String(answer, StandardCharsets.UTF_8));
        JsonNode reasoning = whole.at("/output/0");
        assertEquals("Let me look.", reasoning.at("/summary/0/text").asText());
        assertTrue(reasoning.hasNonNull("encrypted_content"));

        List<JsonNode> events = responseEvents(event("message_start", "{'type':'message_start','message':{'id':'msg_s','model':'claude','usage':{'input_tokens':3,'output_tokens':1}}}")
                + event("content_block_start", "{'type':'content_block_start','index':0,'content_block':{'type':'thinking','thinking':''}}")
                + event("content_block_delta", "{'type':'content_block_delta','index':0,'delta':{'type':'thinking_delta','thinking':'Let me '}}")
                + event("content_block_delta", "{'type':'content_block_delta','index':0,'delta':{'type':'thinking_delta','thinking':'look.'}}")
                + event("content_block_delta", "{'type':'content_block_delta','index':0,'delta':{'type':'signature_delta','signature':'sig-1'}}")
                + event("content_block_stop", "{'type':'content_block_stop','index':0}")
                + event("content_block_start", "{'type':'content_block_start','index':1,'content_block':{'type':'redacted_thinking','data':'opaque'}}")
                + event("content_block_stop", "{'type':'content_block_stop','index':1}")
                + event("content_block_start", "{'type':'content_block_start','index':2,'content_block':{'type':'tool_use','id':'toolu_9','name':'exec_command','input':{}}}")
                + event("content_block_delta", "{'type':'content_block_delta','index':2,'delta':{'type':'input_json_delta','partial_json':'{\\'cmd\\':\\'ls\\'}'}}")
                + event("content_block_stop", "{'type':'content_block_stop','index':2}")
                + event("message_delta", "{'type':'message_delta','delta':{'stop_reason':'tool_use'},'usage':{'output_tokens':9}}")
                + event("message_stop", "{'type':'message_stop'}"));
        JsonNode streamed = events.get(events.size() - 1).at("/response/output/0");
        assertEquals(reasoning.get("encrypted_content"), streamed.get("encrypted_content"), "the stream carries the same blocks");
        assertEquals("Let me look.", streamed.at("/summary/0/text").asText());

        ObjectNode next = (ObjectNode) json("""
                {'model':'claude','reasoning':{'effort':'low'},'max_output_tokens':8000,'input':[
                  {'type':'message','role':'user','content':[{'type':'input_text','text':'list files'}]}]}""");
        ArrayNode input = (ArrayNode) next.get("input");
        input.add(streamed);
        input.add(events.get(events.size() - 1).at("/response/output/1"));
        input.add(json("{'type':'function_call_output','call_id':'toolu_9','output':'a.txt'}"));
        Translated translated = Translation.RESPONSES_OVER_MESSAGES.request(next, ChatDialect.COMPATIBLE);
        JsonNode request = Json.parse(translated.body().toString());
        assertEquals(json("""
                [{'type':'thinking','thinking':'Let me look.','signature':'sig-1'},{'type':'redacted_thinking','data':'opaque'},
                 {'type':'tool_use','id':'toolu_9','name':'exec_command','input':{'cmd':'ls'}}]"""), request.at("/messages/1/content"));
        assertEquals("enabled", request.at("/thinking/type").asText(), "the tool loop keeps its thinking, so thinking stays on");
        assertEquals(List.of(), translated.omitted());
    }

    @Test
    void reasoningEncryptedByAnotherUpstreamIsNotSent() {
        Translated translated = Translation.RESPONSES_OVER_MESSAGES.request(json("""
                {'model':'claude','input':[{'type':'message','role':'user','content':'hi'},
                  {'type':'reasoning','id':'rs_1','summary':[],'encrypted_content':'gAAAAB-openai-own'},
                  {'type':'message','role':'assistant','content':[{'type':'output_text','text':'Hello'}]},
                  {'type':'message','role':'user','content':'again'}]}"""), ChatDialect.COMPATIBLE);
        assertEquals(json("[{'type':'text','text':'Hello'}]"), Json.parse(translated.body().toString()).at("/messages/1/content"));
    }

    /** Anthropic's streaming reference, text then a tool call, as Responses events. */
    @Test
    void aMessagesStreamBecomesResponsesEvents() {
        List<JsonNode> events = responseEvents(ChatOverMessagesTest.TOOL_STREAM);
        assertEquals("response.created", events.get(0).get("type").asText());
        JsonNode completed = events.get(events.size() - 1);
        assertEquals("response.completed", completed.get("type").asText());
        JsonNode response = completed.get("response");
        assertEquals("Okay", response.at("/output/0/content/0/text").asText());
        assertEquals(json("{'type':'function_call','id':'fc_01T1x1fJ34qAmk2tNTrN7Up6','call_id':'toolu_01T1x1fJ34qAmk2tNTrN7Up6',"
                + "'name':'get_weather','arguments':'{\\'location\\': \\'San Francisco, CA\\'}','status':'completed'}"),
                response.at("/output/1"));
        assertEquals(561, response.at("/usage/total_tokens").asInt(), "the usage Anthropic reported, whatever the caller asked");
        assertTrue(events.stream().anyMatch(e -> "response.function_call_arguments.delta".equals(e.get("type").asText())));
    }

    @Test
    void theTokenEstimateCountsTheSystemPromptWhereverTheApiPutsIt() {
        JsonNode chat = json("{'model':'a-long-model-name-not-counted','messages':[{'role':'system','content':'abcdefgh'},{'role':'user','content':'abcd'}]}");
        JsonNode messages = json("{'model':'m','max_tokens':99999,'system':'abcdefgh','messages':[{'role':'user','content':'abcd'}]}");
        assertEquals(6 + 2 * 4, TokenEstimate.of(chat), "22 characters (roles too), two messages; not the model's name");
        assertEquals(4 + 4, TokenEstimate.of(messages), "16 characters, one message: the system prompt is no message here");
    }

    @Test
    void aMessageBecomesAResponse() {
        byte[] response = Translation.RESPONSES_OVER_MESSAGES.answer(("{'id':'msg_9','type':'message','role':'assistant','model':'claude',"
                + "'content':[{'type':'text','text':'Hi'}],'stop_reason':'max_tokens','usage':{'input_tokens':3,'output_tokens':4}}")
                .replace('\'', '"').getBytes(StandardCharsets.UTF_8), ResponseFrame.unframed());
        JsonNode json = Json.parse(new String(response, StandardCharsets.UTF_8));
        assertEquals("incomplete", json.get("status").asText());
        assertEquals("Hi", json.at("/output/0/content/0/text").asText());
        assertEquals(7, json.at("/usage/total_tokens").asInt());
    }
}
