package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.policy.Api;
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

/**
 * Chat completions on an Anthropic Messages server: requests from OpenAI's reference, answers and streams from
 * Anthropic's, each written in the other's API.
 */
class ChatOverMessagesTest {

    private static JsonNode json(String text) {
        return Json.parse(text.replace('\'', '"'));
    }

    private static JsonNode reread(JsonNode written) {
        return Json.parse(written.toString());
    }

    private static Translated request(String chat) {
        return ChatToMessagesRequest.request(json(chat));
    }

    @Test
    void everyTranslationThePolicyOffersExists() {
        for (Api api : Api.values()) {
            for (Api target : api.translatesTo()) {
                assertEquals(target, Translation.between(api, target).upstream());
            }
        }
    }

    @Test
    void theReferencesRequestWithSystemToolsAndAFollowUp() {
        Translated translated = request("""
                {'model':'gpt-4.1','messages':[{'role':'developer','content':'You are a helpful assistant.'},
                  {'role':'user','content':[{'type':'text','text':'What is in this image, and the weather in Boston?'},
                    {'type':'image_url','image_url':{'url':'https://example.com/boardwalk.jpg'}},
                    {'type':'image_url','image_url':{'url':'data:image/png;base64,iVBORw0'}}]},
                  {'role':'assistant','content':null,'tool_calls':[
                    {'id':'call_1','type':'function','function':{'name':'get_current_weather','arguments':'{\\'location\\':\\'Boston, MA\\'}'}},
                    {'id':'call_2','type':'function','function':{'name':'get_current_weather','arguments':'{\\'location\\':\\'Salem, MA\\'}'}}]},
                  {'role':'tool','tool_call_id':'call_1','content':'22C'},
                  {'role':'tool','tool_call_id':'call_2','content':[{'type':'text','text':'19C'}]},
                  {'role':'system','content':'Answer in one line.'}],
                 'tools':[{'type':'function','function':{'name':'get_current_weather','description':'Get the current weather',
                   'parameters':{'type':'object','properties':{'location':{'type':'string'}},'required':['location']}}}],
                 'tool_choice':'required','parallel_tool_calls':false,'max_completion_tokens':300,'stop':'###',
                 'user':'user-1234','seed':7,'stream':true,'stream_options':{'include_usage':true}}""");
        assertEquals(json("""
                {'model':'gpt-4.1','max_tokens':300,'system':'You are a helpful assistant.\\n\\nAnswer in one line.',
                 'messages':[{'role':'user','content':[{'type':'text','text':'What is in this image, and the weather in Boston?'},
                    {'type':'image','source':{'type':'url','url':'https://example.com/boardwalk.jpg'}},
                    {'type':'image','source':{'type':'base64','media_type':'image/png','data':'iVBORw0'}}]},
                  {'role':'assistant','content':[{'type':'tool_use','id':'call_1','name':'get_current_weather','input':{'location':'Boston, MA'}},
                    {'type':'tool_use','id':'call_2','name':'get_current_weather','input':{'location':'Salem, MA'}}]},
                  {'role':'user','content':[{'type':'tool_result','tool_use_id':'call_1','content':'22C'},
                    {'type':'tool_result','tool_use_id':'call_2','content':'19C'}]}],
                 'tools':[{'name':'get_current_weather','description':'Get the current weather',
                   'input_schema':{'type':'object','properties':{'location':{'type':'string'}},'required':['location']}}],
                 'tool_choice':{'type':'any','disable_parallel_tool_use':true},
                 'stop_sequences':['###'],'metadata':{'user_id':'user-1234'},'stream':true}"""), reread(translated.body()));
        assertEquals(List.of("seed"), translated.omitted());
    }

    @Test
    void maxTokensIsRequiredByMessagesAndDefaulted() {
        assertEquals(ChatToMessagesRequest.DEFAULT_MAX_TOKENS, request("{'model':'m','messages':[]}").body().get("max_tokens").asInt());
        assertEquals(50, request("{'model':'m','max_tokens':50,'messages':[]}").body().get("max_tokens").asInt());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "low    | 4000  | 2048",
            "medium | 4000  | 3999",
            "high   | 40000 | 16384"})
    void reasoningEffortIsAThinkingBudgetBelowMaxTokens(String effort, int maxTokens, int budget) {
        JsonNode messages = request("{'model':'m','messages':[],'reasoning_effort':'" + effort + "','max_tokens':" + maxTokens
                + ",'temperature':0.3}").body();
        assertEquals(budget, messages.at("/thinking/budget_tokens").asInt());
        assertTrue(!messages.has("temperature"), "extended thinking takes no temperature");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "'n':2                                                     | n",
            "'logprobs':true                                           | logprobs",
            "'modalities':['text','audio']                             | modalities",
            "'response_format':{'type':'json_object'}                  | response_format",
            "'messages':[{'role':'function','name':'f','content':'x'}] | messages[0].role",
            "'messages':[{'role':'user','content':[{'type':'input_audio','input_audio':{}}]}] | messages[0].content[0]",
            "'messages':[{'role':'user','content':[{'type':'file','file':{'file_id':'file-1'}}]}] | messages[0].content[0]",
            "'tools':[{'type':'function','function':{'name':'f'}}],'tool_choice':{'type':'function','function':{'name':'g'}} | tool_choice"})
    void whatTheAnswerDependsOnAndMessagesCannotExpressIsRefused(String fields, String param) {
        String body = "{'model':'m'," + (fields.startsWith("'messages'") ? fields : fields + ",'messages':[]") + "}";
        Untranslatable refused = assertThrows(Untranslatable.class, () -> request(body));
        assertEquals(param, refused.param());
    }

    @Test
    void aJsonSchemaBecomesAnthropicsStructuredOutput() {
        Translated translated = ChatToMessagesRequest.request(json("""
                {'model':'m','messages':[{'role':'user','content':'hi'}],'response_format':{'type':'json_schema',
                 'json_schema':{'name':'answer','strict':true,'schema':{'type':'object','properties':{'a':{'type':'string'}},
                 'required':['a'],'additionalProperties':false}}}}"""));
        assertEquals(json("{'format':{'type':'json_schema','schema':{'type':'object','properties':{'a':{'type':'string'}},"
                + "'required':['a'],'additionalProperties':false}}}"), translated.body().get("output_config"));
        assertEquals(List.of(), translated.omitted());
    }

    /**
     * A chat client that sends the thinking blocks back (LiteLLM's field) keeps thinking on through a tool loop; one that
     * does not gets its answer without thinking rather than Anthropic's refusal of a tool loop that lost it.
     */
    @Test
    void thinkingBlocksSentBackKeepThinkingOnThroughAToolLoop() {
        String loop = """
                {'model':'m','reasoning_effort':'low','max_tokens':8000,'messages':[{'role':'user','content':'weather?'},
                  {'role':'assistant','content':null,%s'tool_calls':[{'id':'toolu_1','type':'function','function':{'name':'w','arguments':'{}'}}]},
                  {'role':'tool','tool_call_id':'toolu_1','content':'sunny'}]}""";
        Translated kept = ChatToMessagesRequest.request(json(loop.formatted("'thinking_blocks':[{'type':'thinking','thinking':'Hm.','signature':'s1'}],")));
        assertEquals(json("[{'type':'thinking','thinking':'Hm.','signature':'s1'},{'type':'tool_use','id':'toolu_1','name':'w','input':{}}]"),
                kept.body().at("/messages/1/content"));
        assertEquals("enabled", kept.body().at("/thinking/type").asText());

        Translated lost = ChatToMessagesRequest.request(json(loop.formatted("")));
        assertTrue(lost.body().path("thinking").isMissingNode());
        assertEquals(List.of("reasoning_effort"), lost.omitted());
    }

    @Test
    void theReferencesMessageWithThinkingAndToolUseAsAChatCompletion() {
        JsonNode message = json("""
                {'id':'msg_013Zva2CMHLNnXjNJJKqJ2EF','type':'message','role':'assistant','model':'claude-sonnet-4-5',
                 'content':[{'type':'thinking','thinking':'Let me check.','signature':'EqQB'},{'type':'text','text':'Checking.'},
                   {'type':'tool_use','id':'toolu_01A','name':'get_weather','input':{'location':'San Francisco, CA'}}],
                 'stop_reason':'tool_use','stop_sequence':null,
                 'usage':{'input_tokens':2095,'cache_creation_input_tokens':100,'cache_read_input_tokens':1000,'output_tokens':503}}""");
        assertEquals(json("""
                {'id':'chatcmpl-013Zva2CMHLNnXjNJJKqJ2EF','object':'chat.completion','created':1700000000,'model':'claude-sonnet-4-5',
                 'choices':[{'index':0,'message':{'role':'assistant','content':'Checking.','reasoning_content':'Let me check.',
                   'thinking_blocks':[{'type':'thinking','thinking':'Let me check.','signature':'EqQB'}],
                   'tool_calls':[{'id':'toolu_01A','type':'function','function':{'name':'get_weather','arguments':'{\\'location\\':\\'San Francisco, CA\\'}'}}]},
                   'logprobs':null,'finish_reason':'tool_calls'}],
                 'usage':{'prompt_tokens':3195,'completion_tokens':503,'total_tokens':3698,'prompt_tokens_details':{'cached_tokens':1000}}}"""),
                reread(MessagesToChatAnswer.answer(message, 1700000000)));
    }

    @ParameterizedTest
    @CsvSource({"end_turn,stop", "stop_sequence,stop", "max_tokens,length", "tool_use,tool_calls", "refusal,content_filter",
            "pause_turn,stop", "model_context_window_exceeded,length"})
    void stopReasons(String stopReason, String finishReason) {
        assertEquals(finishReason, MessagesToChatAnswer.finishReason(stopReason));
    }

    /** Anthropic's streaming reference: a text block, then a tool_use block whose input arrives in pieces. */
    static final String TOOL_STREAM = Fixtures.text("anthropic-tool-stream.txt");

    private static List<JsonNode> chunks(String stream, boolean usageAsked, int piece) {
        MessagesStreamToChat translator = new MessagesStreamToChat(usageAsked);
        SseEvents events = new SseEvents();
        ByteBuf out = Unpooled.buffer();
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < bytes.length; at += piece) {
            events.feed(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + piece)), (SseEvents.BytesHandler) (name, data, from, to) -> translator.event(name, data, from, to, out));
        }
        translator.end(out);
        List<JsonNode> chunks = new ArrayList<>();
        new SseEvents().feed(ByteBufUtil.getBytes(out), (name, data) -> chunks.add("[DONE]".equals(data)
                ? Json.NODES.textNode("[DONE]") : Json.parse(data)));
        return chunks;
    }

    @Test
    void aToolStreamBecomesChatChunksWithUsageWhenAsked() {
        List<JsonNode> chunks = chunks(TOOL_STREAM, true, 11);
        assertEquals(8, chunks.size(), chunks.toString());
        assertEquals("[DONE]", chunks.get(7).asText());
        assertEquals("assistant", chunks.get(0).at("/choices/0/delta/role").asText());
        assertEquals("chatcmpl-014p7gG3wDgGV9EUtLvnow3U", chunks.get(0).get("id").asText());
        assertEquals("Okay", chunks.get(1).at("/choices/0/delta/content").asText());
        assertEquals(json("{'index':0,'id':'toolu_01T1x1fJ34qAmk2tNTrN7Up6','type':'function','function':{'name':'get_weather','arguments':''}}"),
                chunks.get(2).at("/choices/0/delta/tool_calls/0"));
        assertEquals("{\"location\":", chunks.get(3).at("/choices/0/delta/tool_calls/0/function/arguments").asText());
        assertEquals(" \"San Francisco, CA\"}", chunks.get(4).at("/choices/0/delta/tool_calls/0/function/arguments").asText());
        assertEquals("tool_calls", chunks.get(5).at("/choices/0/finish_reason").asText());
        assertTrue(chunks.get(5).get("usage").isNull());
        JsonNode usage = chunks.get(6);
        assertEquals(0, usage.get("choices").size());
        assertEquals(json("{'prompt_tokens':472,'completion_tokens':89,'total_tokens':561,'prompt_tokens_details':{'cached_tokens':0}}"),
                reread(usage.get("usage")));
        assertEquals(List.of(), chunks(TOOL_STREAM, false, 1000).stream().filter(c -> c.has("usage")).toList(),
                "no usage chunk, nor usage fields, unless asked");
    }

    @Test
    void textDeltasWithEscapesAndAnyCharactersArriveAsTheyWereMeant() {
        String text = "say \"hi\"\\ \n\ttab \u0001 ünï ✓ 🦊 </script>";
        String stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude\","
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                + Json.NODES.textNode(text) + "}}\n\n"
                + "event: content_block_delta\ndata: {\"index\":0,\"type\":\"content_block_delta\",\"delta\":{\"text\":\"\\u00e9\\/\",\"type\":\"text_delta\"}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        List<JsonNode> chunks = chunks(stream, false, 7);
        assertEquals(text, chunks.get(1).at("/choices/0/delta/content").textValue());
        assertEquals("é/", chunks.get(2).at("/choices/0/delta/content").textValue(), "escapes in any order of members");
        assertEquals("stop", chunks.get(3).at("/choices/0/finish_reason").textValue());
    }

    @Test
    void anErrorEventEndsTheStreamWithAnErrorChunk() {
        List<JsonNode> chunks = chunks(TOOL_STREAM.substring(0, TOOL_STREAM.indexOf("event: content_block_stop"))
                + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n", false, 64);
        JsonNode last = chunks.get(chunks.size() - 1);
        assertEquals(json("{'error':{'message':'Overloaded','type':'overloaded_error'}}"), last);
    }
}
