package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Chat completions, from the examples of OpenAI's API reference and vLLM's, as Anthropic messages. */
class ChatToMessagesTest {

    private static JsonNode json(String text) {
        return Json.parse(text.replace('\'', '"'));
    }

    /** A completion as every translation reads one. */
    static ChatChunk read(JsonNode completion) {
        return ChatChunk.read(completion.toString());
    }

    /** The tree as a caller reads it: numbers compare by value, not by the width they were written with. */
    private static JsonNode reread(JsonNode written) {
        return Json.parse(written.toString());
    }

    @Test
    void theChatCompletionOfTheReference() {
        JsonNode completion = json("""
                {'id':'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT','object':'chat.completion','created':1741569952,'model':'gpt-4.1-2025-04-14',
                 'choices':[{'index':0,'message':{'role':'assistant','content':'Hello! How can I assist you today?','refusal':null,
                   'annotations':[]},'logprobs':null,'finish_reason':'stop'}],
                 'usage':{'prompt_tokens':19,'completion_tokens':10,'total_tokens':29,'prompt_tokens_details':{'cached_tokens':0,'audio_tokens':0},
                   'completion_tokens_details':{'reasoning_tokens':0,'audio_tokens':0,'accepted_prediction_tokens':0,'rejected_prediction_tokens':0}},
                 'service_tier':'default'}""");
        assertEquals(json("""
                {'id':'msg_chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT','type':'message','role':'assistant','model':'gpt-4.1-2025-04-14',
                 'content':[{'type':'text','text':'Hello! How can I assist you today?'}],'stop_reason':'end_turn','stop_sequence':null,
                 'usage':{'input_tokens':19,'cache_creation_input_tokens':0,'cache_read_input_tokens':0,'output_tokens':10}}"""),
                reread(ChatToMessages.answer(read(completion))));
    }

    @Test
    void toolCallsAndReasoningAndCachedTokens() {
        JsonNode completion = json("""
                {'id':'chatcmpl-abc','model':'Qwen/Qwen3-32B','choices':[{'index':0,'message':{'role':'assistant','content':null,
                  'reasoning_content':'The user wants weather.','tool_calls':[
                  {'id':'call_1','type':'function','function':{'name':'get_current_weather','arguments':'{\\'location\\': \\'Boston, MA\\'}'}},
                  {'id':'call_2','type':'function','function':{'name':'get_time','arguments':''}}]},'finish_reason':'tool_calls'}],
                 'usage':{'prompt_tokens':82,'completion_tokens':17,'prompt_tokens_details':{'cached_tokens':64}}}""");
        assertEquals(json("""
                {'id':'msg_chatcmpl-abc','type':'message','role':'assistant','model':'Qwen/Qwen3-32B','content':[
                  {'type':'thinking','thinking':'The user wants weather.','signature':''},
                  {'type':'tool_use','id':'call_1','name':'get_current_weather','input':{'location':'Boston, MA'}},
                  {'type':'tool_use','id':'call_2','name':'get_time','input':{}}],
                 'stop_reason':'tool_use','stop_sequence':null,
                 'usage':{'input_tokens':18,'cache_creation_input_tokens':0,'cache_read_input_tokens':64,'output_tokens':17}}"""),
                reread(ChatToMessages.answer(read(completion))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "stop           | null  | end_turn      | null",
            "stop           | '###' | stop_sequence | ###",
            "length         | null  | max_tokens    | null",
            "tool_calls     | null  | tool_use      | null",
            "function_call  | null  | tool_use      | null",
            "content_filter | null  | refusal       | null"})
    void stopReasons(String finishReason, String vllmStopReason, String stopReason, String stopSequence) {
        JsonNode completion = json("{'choices':[{'message':{'content':'x'},'finish_reason':'" + finishReason + "'"
                + (vllmStopReason == null ? "" : ",'stop_reason':\"###\"") + "}]}");
        JsonNode message = ChatToMessages.answer(read(completion));
        assertEquals(stopReason, message.get("stop_reason").asText());
        assertEquals(stopSequence, message.get("stop_sequence").isNull() ? null : message.get("stop_sequence").asText());
    }

    @Test
    void argumentsThatAreNotAnObjectAreKeptAsText() {
        JsonNode message = ChatToMessages.answer(read(json("{'choices':[{'message':{'tool_calls':[{'id':'c','function':{'name':'f',"
                + "'arguments':'[1,2'}}]},'finish_reason':'tool_calls'}]}")));
        assertEquals(json("{'arguments':'[1,2'}"), message.at("/content/0/input"));
    }

    @Test
    void anAnswerThatIsNotJsonIsNotTranslated() {
        assertNull(ChatToMessages.answer("<html>".getBytes()));
    }

    @Test
    void anUpstreamErrorsMessageInEachFamilysShape() {
        assertEquals("context too long", UpstreamErrors.message("{'error':{'message':'context too long','type':'invalid_request_error'}}"
                .replace('\'', '"').getBytes()));
        assertEquals("This model's maximum context length is 4096 tokens.", UpstreamErrors.message(
                "{'object':'error','message':\"This model's maximum context length is 4096 tokens.\",'type':'BadRequestError','code':400}"
                        .replace('\'', '"').replace("model\"s", "model's").getBytes()));
        assertEquals("overloaded", UpstreamErrors.message("{'type':'error','error':{'type':'overloaded_error','message':'overloaded'}}"
                .replace('\'', '"').getBytes()));
        assertEquals("Bad Gateway", UpstreamErrors.message("Bad Gateway\n".getBytes()));
    }
}
