package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Responses API on a chat completions server: Codex's requests, and chat answers and streams as responses. */
class ResponsesOverChatTest {

    private static JsonNode json(String text) {
        return Json.parse(text.replace('\'', '"'));
    }

    private static JsonNode reread(JsonNode written) {
        return Json.parse(written.toString());
    }

    /** Codex 0.171.0's first request of a session, as captured against a local server (long texts cut short). */
    @Test
    void whatCodexSends() throws java.io.IOException {
        JsonNode captured;
        try (var in = getClass().getResourceAsStream("/translate/codex-0.171.0-responses.json")) {
            captured = Json.MAPPER.readTree(in);
        }
        Translated translated = ResponsesToChat.request(captured, ChatDialect.COMPATIBLE);
        JsonNode chat = translated.body();
        assertEquals(List.of("system", "system", "user", "user"), chat.get("messages").findValuesAsText("role"));
        assertEquals("hello from codex", chat.at("/messages/3/content").asText());
        assertEquals(List.of("exec_command", "write_stdin", "request_user_input", "view_image", "get_goal", "create_goal", "update_goal"),
                chat.get("tools").findValuesAsText("name"));
        assertEquals(List.of("tool:multi_agent_v1", "tool:web_search"), translated.omitted(),
                "hosted and grouped tools the client only offers are left out and named; include, prompt_cache_key, client_metadata"
                        + " and store are dropped by rule");
        assertEquals("auto", chat.get("tool_choice").asText());
        assertEquals(true, chat.get("parallel_tool_calls").asBoolean());
        assertEquals(true, chat.at("/stream_options/include_usage").asBoolean());
    }

    @Test
    void aConversationWithToolCallsAndInstructions() {
        JsonNode chat = ResponsesToChat.request(json("""
                {'model':'m','instructions':'Be brief.','max_output_tokens':200,'input':[
                  {'role':'user','content':'list files'},
                  {'type':'reasoning','id':'rs_1','summary':[],'encrypted_content':'gAAAA'},
                  {'type':'message','role':'assistant','content':[{'type':'output_text','text':'Running ls.'}]},
                  {'type':'function_call','call_id':'call_1','name':'exec_command','arguments':'{\\'cmd\\':\\'ls\\'}'},
                  {'type':'function_call','call_id':'call_2','name':'exec_command','arguments':'{\\'cmd\\':\\'pwd\\'}'},
                  {'type':'function_call_output','call_id':'call_1','output':'a.txt'},
                  {'type':'function_call_output','call_id':'call_2','output':[{'type':'input_text','text':'/tmp'}]},
                  {'role':'user','content':[{'type':'input_text','text':'and this?'},{'type':'input_image','image_url':'data:image/png;base64,iVBO','detail':'low'}]}],
                 'text':{'format':{'type':'json_schema','name':'files','schema':{'type':'object'},'strict':true}},
                 'tools':[{'type':'function','name':'exec_command','parameters':{'type':'object'},'strict':false}]}"""),
                ChatDialect.COMPATIBLE).body();
        assertEquals(json("""
                {'model':'m','messages':[{'role':'system','content':'Be brief.'},{'role':'user','content':'list files'},
                  {'role':'assistant','content':'Running ls.','tool_calls':[
                    {'id':'call_1','type':'function','function':{'name':'exec_command','arguments':'{\\'cmd\\':\\'ls\\'}'}},
                    {'id':'call_2','type':'function','function':{'name':'exec_command','arguments':'{\\'cmd\\':\\'pwd\\'}'}}]},
                  {'role':'tool','tool_call_id':'call_1','content':'a.txt'},{'role':'tool','tool_call_id':'call_2','content':'/tmp'},
                  {'role':'user','content':[{'type':'text','text':'and this?'},{'type':'image_url','image_url':{'url':'data:image/png;base64,iVBO','detail':'low'}}]}],
                 'max_tokens':200,
                 'response_format':{'type':'json_schema','json_schema':{'name':'files','schema':{'type':'object'},'strict':true}},
                 'tools':[{'type':'function','function':{'name':'exec_command','parameters':{'type':'object'}}}]}"""), chat);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "'previous_response_id':'resp_1','input':'hi'                                  | previous_response_id",
            "'input':[{'type':'item_reference','id':'msg_1'}]                               | input[0]",
            "'input':[{'type':'web_search_call','id':'ws_1'}]                               | input[0]",
            "'input':[{'role':'user','content':[{'type':'input_file','file_id':'f'}]}]      | input[0].content[0]",
            "'input':'hi','tools':[{'type':'web_search'}],'tool_choice':{'type':'web_search'} | tool_choice"})
    void whatChatCannotExpressIsRefused(String fields, String param) {
        Untranslatable refused = assertThrows(Untranslatable.class, () -> ResponsesToChat.request(json("{'model':'m'," + fields + "}"),
                ChatDialect.COMPATIBLE));
        assertEquals(param, refused.param());
    }

    @Test
    void aChatCompletionAsAResponse() {
        JsonNode response = reread(ChatToResponses.answer(ChatToMessagesTest.read(json("""
                {'id':'chatcmpl-abc','created':1700000000,'model':'qwen','choices':[{'index':0,'message':{'role':'assistant',
                  'content':'Two files.','reasoning_content':'Count them.','tool_calls':[{'id':'call_9','type':'function',
                  'function':{'name':'exec_command','arguments':'{}'}}]},'finish_reason':'tool_calls'}],
                 'usage':{'prompt_tokens':50,'completion_tokens':20,'prompt_tokens_details':{'cached_tokens':10},
                   'completion_tokens_details':{'reasoning_tokens':5}}}""")), ResponseFrame.unframed()));
        assertEquals("resp_abc", response.get("id").asText());
        assertEquals("completed", response.get("status").asText());
        List<String> types = new ArrayList<>();
        response.get("output").forEach(item -> types.add(item.get("type").asText()));
        assertEquals(List.of("reasoning", "message", "function_call"), types);
        assertEquals("Count them.", response.at("/output/0/summary/0/text").asText());
        assertEquals("Two files.", response.at("/output/1/content/0/text").asText());
        assertEquals(json("{'type':'function_call','id':'fc_9','call_id':'call_9','name':'exec_command','arguments':'{}','status':'completed'}"),
                response.at("/output/2"));
        assertEquals(json("{'input_tokens':50,'input_tokens_details':{'cached_tokens':10},'output_tokens':20,"
                + "'output_tokens_details':{'reasoning_tokens':5},'total_tokens':70}"), response.get("usage"));

        JsonNode cut = ChatToResponses.answer(ChatToMessagesTest.read(json("{'id':'c','choices':[{'message':{'content':'Half'},'finish_reason':'length'}]}")), ResponseFrame.unframed());
        assertEquals("incomplete", cut.get("status").asText());
        assertEquals("max_output_tokens", cut.at("/incomplete_details/reason").asText());
    }

    private static List<JsonNode> events(String stream) {
        return events(stream, ResponseFrame.unframed());
    }

    private static List<JsonNode> events(String stream, ResponseFrame frame) {
        ChatStreamToResponses translator = new ChatStreamToResponses(frame);
        ByteBuf out = Unpooled.buffer();
        new SseEvents().feed(stream.getBytes(StandardCharsets.UTF_8), (SseEvents.BytesHandler) (name, data, from, to) -> translator.event(name, data, from, to, out));
        translator.end(out);
        List<JsonNode> events = new ArrayList<>();
        new SseEvents().feed(ByteBufUtil.getBytes(out), (name, data) -> {
            JsonNode event = Json.parse(data);
            assertEquals(name, event.get("type").asText(), "each event's name is its type");
            events.add(event);
        });
        return events;
    }

    private static String chunk(String json) {
        return "data: " + json.replace('\'', '"') + "\n\n";
    }

    @Test
    void aStreamOfTextThenAToolCallAsResponsesEvents() {
        List<JsonNode> events = events(chunk("{'id':'chatcmpl-s1','model':'qwen','choices':[{'index':0,'delta':{'role':'assistant','content':'Hi'}}]}")
                + chunk("{'id':'chatcmpl-s1','choices':[{'index':0,'delta':{'content':' there'}}]}")
                + chunk("{'id':'chatcmpl-s1','choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'id':'call_7','function':{'name':'exec_command','arguments':''}}]}}]}")
                + chunk("{'id':'chatcmpl-s1','choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'function':{'arguments':'{\\'cmd\\':'}}]}}]}")
                + chunk("{'id':'chatcmpl-s1','choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'function':{'arguments':'\\'ls\\'}'}}]}}]}")
                + chunk("{'id':'chatcmpl-s1','choices':[{'index':0,'delta':{},'finish_reason':'tool_calls'}]}")
                + chunk("{'id':'chatcmpl-s1','choices':[],'usage':{'prompt_tokens':12,'completion_tokens':7}}")
                + "data: [DONE]\n\n");
        assertEquals(List.of("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed"),
                events.stream().map(e -> e.get("type").asText()).toList());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, events.get(i).get("sequence_number").asInt());
        }
        assertEquals("Hi there", events.get(6).get("text").asText());
        assertEquals(1, events.get(10).get("output_index").asInt());
        assertEquals("{\"cmd\":\"ls\"}", events.get(12).get("arguments").asText());
        JsonNode completed = events.get(14).get("response");
        assertEquals("completed", completed.get("status").asText());
        assertEquals("resp_s1", completed.get("id").asText());
        assertEquals(2, completed.get("output").size());
        assertEquals("call_7", completed.at("/output/1/call_id").asText());
        assertEquals(19, completed.at("/usage/total_tokens").asInt());
        assertTrue(events.get(0).at("/response/output").isEmpty(), "created with no output yet");
    }

    @Test
    void anErrorMidStreamFailsTheResponse() {
        List<JsonNode> events = events(chunk("{'id':'c','choices':[{'index':0,'delta':{'content':'Hi'}}]}")
                + chunk("{'error':{'message':'engine died'}}"));
        JsonNode last = events.get(events.size() - 1);
        assertEquals("response.failed", last.get("type").asText());
        assertEquals("engine died", last.at("/response/error/message").asText());
    }

    @Test
    void aFramedResponseCarriesTheGatewaysIdRepeatsTheRequestAndIsHandedOverOnceComplete() {
        JsonNode request = json("""
                {'model':'qwen','input':'hi','instructions':'Be brief.','store':true,'previous_response_id':'resp_mg0',
                 'tools':[{'type':'function','name':'ls','parameters':{}}],'temperature':0.3,'metadata':{'team':'a'}}""");
        List<String> kept = new ArrayList<>();
        JsonNode whole = ChatToResponses.answer(ChatToMessagesTest.read(json("{'id':'chatcmpl-x','choices':[{'message':{'content':'Hi'},"
                + "'finish_reason':'stop'}]}")), ResponseFrame.of("resp_mg1", request).whenComplete(kept::add));
        assertEquals("resp_mg1", whole.get("id").asText());
        assertEquals("msg_mg1", whole.at("/output/0/id").asText(), "item ids are made from the response's");
        assertEquals(json("""
                {'instructions':'Be brief.','store':true,'previous_response_id':'resp_mg0','temperature':0.3,'metadata':{'team':'a'},
                 'tools':[{'type':'function','name':'ls','parameters':{}}],'tool_choice':'auto','parallel_tool_calls':true}"""),
                pick(whole, "instructions", "store", "previous_response_id", "temperature", "metadata", "tools", "tool_choice",
                        "parallel_tool_calls"));
        assertEquals(List.of(whole.toString()), kept);

        List<String> streamed = new ArrayList<>();
        List<JsonNode> events = events(chunk("{'id':'c','choices':[{'index':0,'delta':{'content':'Hi'}}]}")
                + chunk("{'id':'c','choices':[{'index':0,'delta':{},'finish_reason':'stop'}]}") + "data: [DONE]\n\n",
                ResponseFrame.of("resp_mg2", request).whenComplete(streamed::add));
        assertEquals("resp_mg2", events.get(0).at("/response/id").asText());
        assertEquals(1, streamed.size(), "handed over once");
        assertEquals(events.get(events.size() - 1).get("response"), Json.parse(streamed.get(0)), "as the caller got it");

        List<String> failed = new ArrayList<>();
        events(chunk("{'id':'c','choices':[{'index':0,'delta':{'content':'Hi'}}]}") + chunk("{'error':{'message':'engine died'}}"),
                ResponseFrame.of("resp_mg3", request).whenComplete(failed::add));
        assertTrue(failed.isEmpty(), "a failed response is not kept");
    }

    /** A streamed response is written as bytes, a whole one built as a tree: the same members, in the same order. */
    @Test
    void aStreamedResponseHasAWholeOnesMembersInItsOrder() {
        JsonNode request = json("""
                {'model':'qwen','input':'hi','instructions':'Be brief.','max_output_tokens':64,'reasoning':{'effort':'high'},
                 'text':{'format':{'type':'json_object'}},'tools':[{'type':'function','name':'ls','parameters':{}}],
                 'tool_choice':'required','top_p':0.5,'user':'u1','metadata':{'team':'a'},'store':false}""");
        JsonNode whole = Json.parse(ChatToResponses.answer(ChatToMessagesTest.read(json("{'id':'c','model':'qwen-2','choices':[{'message':"
                + "{'content':'Hi \\u00e9\\n'},'finish_reason':'length'}],'usage':{'prompt_tokens':5,'completion_tokens':2}}")),
                ResponseFrame.of("resp_a", request)).toString()); // as the caller reads it
        List<JsonNode> events = events(chunk("{'id':'c','model':'qwen-2','choices':[{'index':0,'delta':{'content':'Hi \\u00e9\\n'}}]}")
                + chunk("{'id':'c','choices':[{'index':0,'delta':{},'finish_reason':'length'}]}")
                + chunk("{'id':'c','choices':[],'usage':{'prompt_tokens':5,'completion_tokens':2}}") + "data: [DONE]\n\n",
                ResponseFrame.of("resp_a", request));
        JsonNode created = events.get(0).get("response");
        JsonNode streamed = events.get(events.size() - 1).get("response");
        assertEquals("response.incomplete", events.get(events.size() - 1).get("type").asText());
        List<String> members = new ArrayList<>();
        whole.fieldNames().forEachRemaining(members::add);
        for (JsonNode response : List.of(created, streamed)) {
            List<String> written = new ArrayList<>();
            response.fieldNames().forEachRemaining(written::add);
            assertEquals(members, written);
        }
        for (String member : members) {
            if (!member.equals("created_at") && !member.equals("output")) {
                assertEquals(whole.get(member), streamed.get(member), member);
            }
        }
        assertEquals("in_progress", created.get("status").asText());
        assertTrue(created.get("usage").isNull() && created.get("output").isEmpty());
        assertEquals(whole.at("/output/0/content"), streamed.at("/output/0/content"));
        assertEquals(events.get(events.size() - 2).get("item"), streamed.at("/output/0"), "the item as its .done event carried it");
    }

    private static JsonNode pick(JsonNode object, String... fields) {
        com.fasterxml.jackson.databind.node.ObjectNode picked = Json.object();
        for (String field : fields) {
            picked.set(field, object.get(field));
        }
        return picked;
    }
}
