package io.modelgate.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The items of a kept conversation: a request's input in full form, a continuation, and pages of it. */
class ConversationItemsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void aStringInputIsOneUserMessageAndEveryItemGetsAnId() throws Exception {
        assertEquals(json("[{'type':'message','id':'msg_mg1_0','role':'user','content':[{'type':'input_text','text':'hi'}]}]"),
                ConversationItems.input(json("{'input':'hi'}"), "resp_mg1"));
        assertEquals(json("""
                [{'type':'message','id':'msg_mg1_0','role':'assistant','content':[{'type':'output_text','text':'before'}]},
                 {'type':'function_call_output','id':'fco_mg1_1','call_id':'c1','output':'ok'},
                 {'type':'message','id':'msg_given','role':'user','content':[{'type':'input_text','text':'x'}]}]"""),
                ConversationItems.input(json("""
                        {'input':[{'role':'assistant','content':'before'},{'type':'function_call_output','call_id':'c1','output':'ok'},
                                  {'type':'message','id':'msg_given','role':'user','content':[{'type':'input_text','text':'x'}]}]}"""),
                        "resp_mg1"));
    }

    @Test
    void aContinuationPutsTheConversationFirstAndResolvesReferencesToIt() throws Exception {
        ArrayNode conversation = JSON.createArrayNode();
        ConversationItems.append(conversation, ConversationItems.input(json("{'input':'first'}"), "resp_mga"),
                json("{'output':[{'type':'function_call','id':'fc_1','call_id':'c1','name':'ls','arguments':'{}'}]}"));
        ObjectNode continued = ConversationItems.continued(json("""
                {'model':'m','previous_response_id':'resp_mga','instructions':'new',
                 'input':[{'type':'item_reference','id':'fc_1'},{'type':'item_reference','id':'elsewhere'}]}"""), conversation, "resp_mgb");
        assertFalse(continued.has("previous_response_id"));
        assertEquals("new", continued.get("instructions").asText());
        assertEquals(List.of("message", "function_call", "function_call", "item_reference"), types(continued.get("input")));
        assertEquals("elsewhere", continued.at("/input/3/id").asText(), "a reference to no item of it is left for the translation to refuse");
    }

    private static List<String> types(JsonNode items) {
        return java.util.stream.StreamSupport.stream(items.spliterator(), false).map(item -> item.get("type").asText()).toList();
    }

    @Test
    void pagesGoNewestFirstUnlessAskedAndContinueAfterAnItem() throws Exception {
        ArrayNode items = (ArrayNode) json("[{'id':'a'},{'id':'b'},{'id':'c'}]");
        assertEquals(json("{'object':'list','data':[{'id':'c'},{'id':'b'}],'first_id':'c','last_id':'b','has_more':true}"),
                ConversationItems.page(items, null, 2, false));
        assertEquals(json("{'object':'list','data':[{'id':'a'}],'first_id':'a','last_id':'a','has_more':false}"),
                ConversationItems.page(items, "b", 5, false));
        assertEquals(json("{'object':'list','data':[{'id':'b'},{'id':'c'}],'first_id':'b','last_id':'c','has_more':false}"),
                ConversationItems.page(items, "a", 20, true));
        assertEquals(json("{'object':'list','data':[],'first_id':null,'last_id':null,'has_more':false}"),
                ConversationItems.page(items, "a", 20, false));
        assertNull(ConversationItems.page(items, "z", 20, true));
    }
}
