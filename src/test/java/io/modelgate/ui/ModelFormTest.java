package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode stored() throws Exception {
        return JSON.readTree("""
                {"model_name":"chat","description":"Team chat","tags":["a","b"],"mode":"chat","deployments":[
                  {"model":"openai/gpt-4o","api_base":"https://one.example/v1","api_key":"os.environ/ONE_KEY","weight":2,"timeout":30,"seed":"007"},
                  {"model":"mock/echo","weight":1,"mock_response":"hi","mock_latency_ms":5,"mock_chunk_delay_ms":0,
                   "mock_failure_rate":0.0,"mock_failure_status":500,"native_apis":["/v1/chat/completions","/v1/messages"]}]}""");
    }

    /** The fields a browser sends for {@code form}, as the page renders them (keys typed: none). */
    private static Map<String, List<String>> posted(ModelForm form) {
        Map<String, List<String>> fields = new HashMap<>();
        fields.put("model_name", List.of(form.name()));
        fields.put("description", List.of(form.description()));
        fields.put("tags", List.of(form.tags()));
        fields.put("mode", List.of(form.mode()));
        fields.put("rows", List.of(String.valueOf(form.rows().size())));
        for (int i = 0; i < form.rows().size(); i++) {
            ModelForm.Row row = form.rows().get(i);
            String p = "deployments[" + i + "].";
            fields.put(p + "from", List.of(String.valueOf(row.from())));
            fields.put(p + "provider", List.of(row.provider()));
            fields.put(p + "upstream_model", List.of(row.upstreamModel()));
            fields.put(p + "api_base", List.of(row.apiBase()));
            fields.put(p + "api_version", List.of(row.apiVersion()));
            fields.put(p + "litellm_credential_name", List.of(row.credential()));
            fields.put(p + "weight", List.of(row.weight()));
            fields.put(p + "params", List.of(row.params()));
            fields.put(p + "api_key", List.of(""));
        }
        return fields;
    }

    @Test
    void savingTheFormUntouchedStoresTheSameModel() throws Exception {
        JsonNode stored = stored();
        ModelForm form = ModelForm.of(stored);
        assertEquals(3, form.rows().size(), "the two deployments and a spare row");
        assertEquals("set (os.environ/ONE_KEY)", form.rows().get(0).keyStatus());
        assertTrue(form.rows().get(0).params().contains("seed: \"007\""), "a text that reads as a number stays text");
        assertTrue(form.rows().get(1).params().contains("native_apis: [/v1/chat/completions, /v1/messages]"), form.rows().get(1).params());

        ModelForm.Body body = ModelForm.submitted(posted(form), Optional.of(stored)).body(Optional.of(stored));
        assertEquals(stored, body.json());
        assertEquals(List.of(0, 1), body.rowOfDeployment());
    }

    @Test
    void keysAreKeptReplacedOrRemovedAndRowsRemoved() throws Exception {
        JsonNode stored = stored();
        Map<String, List<String>> fields = posted(ModelForm.of(stored));
        fields.put("deployments[1].remove", List.of("on"));
        fields.put("deployments[2].upstream_model", List.of("gpt-4o-mini"));
        fields.put("deployments[2].api_key", List.of("os.environ/NEW_KEY"));
        ModelForm.Body body = ModelForm.submitted(fields, Optional.of(stored)).body(Optional.of(stored));
        assertEquals(List.of(0, 2), body.rowOfDeployment());
        assertEquals("os.environ/ONE_KEY", body.json().at("/deployments/0/api_key").asText(), "untouched: kept");
        assertEquals("os.environ/NEW_KEY", body.json().at("/deployments/1/api_key").asText());

        fields.put("deployments[0].clear_api_key", List.of("on"));
        body = ModelForm.submitted(fields, Optional.of(stored)).body(Optional.of(stored));
        assertTrue(body.json().at("/deployments/0/api_key").isMissingNode(), "cleared");
    }

    @Test
    void problemsLandOnTheFormRowTheDeploymentCameFrom() {
        List<Integer> rowOf = List.of(0, 2);
        assertEquals(Optional.of("deployments[2].upstream_model"), ModelForm.fieldOf("deployments[1].model", rowOf));
        assertEquals(Optional.of("deployments[2].weight"), ModelForm.fieldOf("deployments[1].weight", rowOf));
        assertEquals(Optional.of("deployments[0].params"), ModelForm.fieldOf("deployments[0].mock_latency_ms", rowOf));
        assertEquals(Optional.of("model_name"), ModelForm.fieldOf("model_name", rowOf));
        assertEquals(Optional.empty(), ModelForm.fieldOf("model_list[3].litellm_params.model", rowOf));
    }

    @Test
    void unreadableParameterLinesAreRefusedByRow() throws Exception {
        Map<String, List<String>> fields = posted(ModelForm.of(stored()));
        fields.put("deployments[1].params", List.of("mock_response: ok\nthis line has no colon"));
        FormProblems problems = assertThrows(FormProblems.class, () -> ModelForm.submitted(fields, Optional.empty()).body(Optional.empty()));
        assertEquals(Map.of("deployments[1].params", "line 2 is not of the form name: value"), problems.fields());
    }

    @Test
    void addAnotherKeepsWhatWasTypedAndAddsAnEmptyRow() throws Exception {
        Map<String, List<String>> fields = posted(ModelForm.empty());
        fields.put("model_name", List.of("new-model"));
        fields.put("deployments[0].upstream_model", List.of("typed"));
        ModelForm more = ModelForm.submitted(fields, Optional.empty()).withSpareRow();
        assertEquals(2, more.rows().size());
        assertEquals("typed", more.rows().get(0).upstreamModel());
        assertEquals("", more.rows().get(1).upstreamModel());
        assertEquals(1, more.body(Optional.empty()).json().path("deployments").size(), "an empty row adds nothing");
    }
}
