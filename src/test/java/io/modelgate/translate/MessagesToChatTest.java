package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages requests, most from the examples of Anthropic's API reference, as chat completions requests. */
class MessagesToChatTest {

    private static JsonNode json(String text) {
        return Json.parse(text.replace('\'', '"'));
    }

    private static Translated translate(String messages, ChatDialect dialect) {
        return MessagesToChat.request(json(messages), dialect);
    }

    private static void assertTranslates(String messages, String chat) {
        assertEquals(json(chat), translate(messages, ChatDialect.COMPATIBLE).body());
    }

    @Test
    void theBasicRequestOfTheReference() {
        assertTranslates("{'model':'claude-sonnet-4-5','max_tokens':1024,'messages':[{'role':'user','content':'Hello, world'}]}",
                "{'model':'claude-sonnet-4-5','messages':[{'role':'user','content':'Hello, world'}],'max_tokens':1024}");
    }

    @Test
    void aSystemPromptInBlocksWithCacheMarksIsOneSystemMessage() {
        assertTranslates("""
                {'model':'m','max_tokens':10,'system':[{'type':'text','text':'You are Claude Code.'},
                 {'type':'text','text':'Be brief.','cache_control':{'type':'ephemeral'}}],
                 'messages':[{'role':'user','content':[{'type':'text','text':'hi','cache_control':{'type':'ephemeral'}}]}]}""", """
                {'model':'m','messages':[{'role':'system','content':'You are Claude Code.\\nBe brief.'},{'role':'user','content':'hi'}],
                 'max_tokens':10}""");
    }

    @Test
    void theToolUseConversationOfTheReference() {
        assertTranslates("""
                {'model':'m','max_tokens':1024,
                 'tools':[{'name':'get_weather','description':'Get the current weather in a given location',
                   'input_schema':{'type':'object','properties':{'location':{'type':'string'}},'required':['location']}}],
                 'messages':[{'role':'user','content':'What is the weather like in San Francisco?'},
                  {'role':'assistant','content':[{'type':'thinking','thinking':'I should look.','signature':'sig'},
                    {'type':'text','text':'I will check.'},
                    {'type':'tool_use','id':'toolu_01A','name':'get_weather','input':{'location':'San Francisco, CA'}},
                    {'type':'tool_use','id':'toolu_01B','name':'get_weather','input':{'location':'Oakland, CA'}}]},
                  {'role':'user','content':[{'type':'tool_result','tool_use_id':'toolu_01A','content':'15 degrees'},
                    {'type':'tool_result','tool_use_id':'toolu_01B','content':[{'type':'text','text':'17 degrees'}]},
                    {'type':'text','text':'And tomorrow?'}]}]}""", """
                {'model':'m','messages':[{'role':'user','content':'What is the weather like in San Francisco?'},
                  {'role':'assistant','content':'I will check.','tool_calls':[
                    {'id':'toolu_01A','type':'function','function':{'name':'get_weather','arguments':'{\\'location\\':\\'San Francisco, CA\\'}'}},
                    {'id':'toolu_01B','type':'function','function':{'name':'get_weather','arguments':'{\\'location\\':\\'Oakland, CA\\'}'}}]},
                  {'role':'tool','tool_call_id':'toolu_01A','content':'15 degrees'},
                  {'role':'tool','tool_call_id':'toolu_01B','content':'17 degrees'},
                  {'role':'user','content':'And tomorrow?'}],
                 'max_tokens':1024,
                 'tools':[{'type':'function','function':{'name':'get_weather','description':'Get the current weather in a given location',
                   'parameters':{'type':'object','properties':{'location':{'type':'string'}},'required':['location']}}}]}""");
    }

    @Test
    void imagesByDataAndByUrlAndAToolsImageAfterItsResult() {
        assertTranslates("""
                {'model':'m','max_tokens':5,'messages':[{'role':'user','content':[
                  {'type':'image','source':{'type':'base64','media_type':'image/jpeg','data':'/9j/4AAQ'}},
                  {'type':'image','source':{'type':'url','url':'https://example.com/cat.png'}},
                  {'type':'text','text':'What is in these images?'}]},
                 {'role':'assistant','content':[{'type':'tool_use','id':'t1','name':'screenshot','input':{}}]},
                 {'role':'user','content':[{'type':'tool_result','tool_use_id':'t1','is_error':true,'content':[
                   {'type':'text','text':'partial'},{'type':'image','source':{'type':'base64','media_type':'image/png','data':'iVBO'}}]}]}]}""", """
                {'model':'m','messages':[{'role':'user','content':[
                  {'type':'image_url','image_url':{'url':'data:image/jpeg;base64,/9j/4AAQ'}},
                  {'type':'image_url','image_url':{'url':'https://example.com/cat.png'}},
                  {'type':'text','text':'What is in these images?'}]},
                 {'role':'assistant','content':null,'tool_calls':[{'id':'t1','type':'function','function':{'name':'screenshot','arguments':'{}'}}]},
                 {'role':'tool','tool_call_id':'t1','content':'[tool error] partial'},
                 {'role':'user','content':[{'type':'image_url','image_url':{'url':'data:image/png;base64,iVBO'}}]}],
                 'max_tokens':5}""");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'type':'auto'}                                     | 'auto'",
            "{'type':'any'}                                      | 'required'",
            "{'type':'none'}                                     | 'none'",
            "{'type':'tool','name':'f'}                          | {'type':'function','function':{'name':'f'}}"})
    void toolChoice(String anthropic, String openAi) {
        JsonNode chat = translate("{'model':'m','max_tokens':5,'messages':[],'tools':[{'name':'f','input_schema':{'type':'object'}}],"
                + "'tool_choice':" + anthropic + "}", ChatDialect.COMPATIBLE).body();
        assertEquals(json(openAi), chat.get("tool_choice"));
    }

    @Test
    void parallelToolUseCanBeTurnedOff() {
        JsonNode chat = translate("{'model':'m','max_tokens':5,'messages':[],'tools':[{'name':'f'}],"
                + "'tool_choice':{'type':'auto','disable_parallel_tool_use':true}}", ChatDialect.COMPATIBLE).body();
        assertEquals(false, chat.get("parallel_tool_calls").asBoolean());
        assertEquals(json("{'type':'object'}"), chat.at("/tools/0/function/parameters"), "a tool without a schema takes an object");
    }

    @Test
    void eachDialectGetsItsOwnFields() {
        String request = "{'model':'m','max_tokens':2000,'top_k':40,'top_p':0.9,'stream':true,'metadata':{'user_id':'u-1'},"
                + "'thinking':{'type':'enabled','budget_tokens':10000},'messages':[]}";
        Translated openAi = translate(request, ChatDialect.OPENAI);
        assertEquals(json("{'model':'m','messages':[],'max_completion_tokens':2000,'top_p':0.9,'stream':true,"
                + "'stream_options':{'include_usage':true},'user':'u-1','reasoning_effort':'medium'}"), openAi.body());
        assertEquals(List.of("top_k"), openAi.omitted());
        Translated compatible = translate(request, ChatDialect.COMPATIBLE);
        assertEquals(json("{'model':'m','messages':[],'max_tokens':2000,'top_k':40,'top_p':0.9,'stream':true,"
                + "'stream_options':{'include_usage':true},'user':'u-1'}"), compatible.body());
        assertEquals(List.of("thinking"), compatible.omitted());
    }

    @Test
    void structuredOutputIsAJsonSchemaResponseFormat() {
        JsonNode chat = translate("{'model':'m','max_tokens':5,'messages':[],'output_format':{'type':'json_schema',"
                + "'schema':{'type':'object','properties':{'name':{'type':'string'}}}}}", ChatDialect.COMPATIBLE).body();
        assertEquals(json("{'type':'json_schema','json_schema':{'name':'output','schema':{'type':'object','properties':"
                + "{'name':{'type':'string'}}},'strict':true}}"), chat.get("response_format"));
    }

    @Test
    void whatIsOnlyOfferedIsLeftOutAndNamedAndRuleDropsAreNot() {
        Translated translated = translate("{'model':'m','max_tokens':5,'messages':[],'service_tier':'auto','context_management':{},"
                + "'some_new_feature':{'on':true},'tools':[{'type':'web_search_20250305','name':'web_search'},"
                + "{'type':'bash_20250124','name':'bash'}]}", ChatDialect.COMPATIBLE);
        assertEquals(List.of("some_new_feature", "tool:web_search", "tool:bash"), translated.omitted());
        assertTrue(!translated.body().has("tools"), "no tool was left to offer");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "'mcp_servers':[{'type':'url','url':'https://mcp.example.com','name':'x'}],'messages':[]                | mcp_servers",
            "'tools':[{'type':'web_search_20250305','name':'web_search'}],'tool_choice':{'type':'tool','name':'web_search'},'messages':[] | tool_choice",
            "'messages':[{'role':'user','content':[{'type':'document','source':{'type':'base64','media_type':'application/pdf','data':'x'}}]}] | messages.0.content.0",
            "'messages':[{'role':'tool','content':'hi'}]                                                              | messages.0.role",
            "'messages':[{'role':'user','content':[{'type':'container_upload','file_id':'f'}]}]                      | messages.0.content.0",
            "'messages':[{'role':'user','content':[{'type':'image','source':{'type':'file','file_id':'f'}}]}]         | messages.0.content.0.source",
            "'system':[{'type':'image','source':{}}],'messages':[]                                                   | system",
            "'output_format':{'type':'regex'},'messages':[]                                                           | output_format"})
    void whatTheAnswerDependsOnAndChatCannotExpressIsRefused(String fields, String param) {
        Untranslatable refused = assertThrows(Untranslatable.class, () -> translate("{'model':'m','max_tokens':5," + fields + "}",
                ChatDialect.COMPATIBLE));
        assertEquals(param, refused.param());
        assertTrue(refused.getMessage().startsWith(param), refused.getMessage());
    }

    /** Claude Code 2.1.197's first request of a session, as captured against a local server (long texts cut short). */
    @Test
    void whatClaudeCodeSends() throws java.io.IOException {
        JsonNode captured;
        try (var in = getClass().getResourceAsStream("/translate/claude-code-2.1.197-messages.json")) {
            captured = Json.MAPPER.readTree(in);
        }
        Translated compatible = MessagesToChat.request(captured, ChatDialect.COMPATIBLE);
        JsonNode chat = compatible.body();
        assertEquals(List.of("system", "user", "system"), chat.get("messages").findValuesAsText("role"),
                "its system prompt first, then the turn, then its mid-conversation system reminder in place");
        assertTrue(chat.at("/messages/0/content").asText().startsWith("x-anthropic-billing-header"), "every system block, in order");
        assertEquals(24, chat.get("tools").size(), "every tool Claude Code defines is a function tool");
        assertEquals(32000, chat.get("max_tokens").asInt());
        assertEquals(true, chat.at("/stream_options/include_usage").asBoolean());
        assertTrue(chat.get("user").asText().contains("device_id"));
        assertEquals(List.of("thinking", "output_config.effort"), compatible.omitted(),
                "a self-hosted server has no standard reasoning switch; context_management is left out by rule, unnamed");
        assertTrue(!chat.toString().contains("cache_control"));

        JsonNode openAi = MessagesToChat.request(captured, ChatDialect.OPENAI).body();
        assertEquals("high", openAi.get("reasoning_effort").asText(), "output_config.effort: high");
        assertEquals(32000, openAi.get("max_completion_tokens").asInt());
    }

    @Test
    void aPlainTextDocumentIsText() {
        JsonNode chat = translate("{'model':'m','max_tokens':5,'messages':[{'role':'user','content':[{'type':'document',"
                + "'source':{'type':'text','media_type':'text/plain','data':'The grass is green.'}},{'type':'text','text':'Colour?'}]}]}",
                ChatDialect.COMPATIBLE).body();
        assertEquals(json("[{'type':'text','text':'The grass is green.'},{'type':'text','text':'Colour?'}]"), chat.at("/messages/0/content"));
    }
}
