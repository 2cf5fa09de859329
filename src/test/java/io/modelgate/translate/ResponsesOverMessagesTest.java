package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
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
                 'stream':true,'tools':[{'name':'exec_command','input_schema':{'type':'object'}}],
                 'thinking':{'type':'enabled','budget_tokens':2048}}"""), Json.parse(translated.body().toString()));
        assertEquals(List.of("tool:web_search"), translated.omitted());
    }

    /** Anthropic's streaming reference, text then a tool call, as Responses events. */
    @Test
    void aMessagesStreamBecomesResponsesEvents() {
        String stream = ChatOverMessagesTest.TOOL_STREAM;
        StreamTranslator translator = Translation.RESPONSES_OVER_MESSAGES.stream(false);
        StringBuilder out = new StringBuilder();
        new SseEvents().feed(stream.getBytes(StandardCharsets.UTF_8), (name, data) -> translator.event(name, data, out));
        translator.end(out);
        List<JsonNode> events = new ArrayList<>();
        new SseEvents().feed(out.toString().getBytes(StandardCharsets.UTF_8), (name, data) -> events.add(Json.parse(data)));
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
                .replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        JsonNode json = Json.parse(new String(response, StandardCharsets.UTF_8));
        assertEquals("incomplete", json.get("status").asText());
        assertEquals("Hi", json.at("/output/0/content/0/text").asText());
        assertEquals(7, json.at("/usage/total_tokens").asInt());
    }
}
