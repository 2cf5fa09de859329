package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fields a browser sends for {@code form}, as the page renders them. */
    private static Map<String, List<String>> posted(LimitForm form) {
        Map<String, List<String>> fields = new HashMap<>();
        fields.put("name", List.of(form.name()));
        fields.put("who", List.of(form.who()));
        fields.put("role", List.of(form.role()));
        fields.put("subject", List.of(form.subject()));
        fields.put("issuer", List.of(form.issuer()));
        fields.put("per", List.of(form.per()));
        fields.put("models", List.of(form.models()));
        form.counts().forEach(c -> fields.put(c.field(), List.of(c.value())));
        fields.put("budget_kind", List.of(form.budgetKind()));
        fields.put("budget_amount", List.of(form.budgetAmount()));
        fields.put("budget_period", List.of(form.budgetPeriod()));
        return fields;
    }

    private static JsonNode roundTrip(String stored) throws Exception {
        JsonNode body = LimitForm.submitted(posted(LimitForm.of(JSON.readTree(stored)))).body();
        return JSON.readTree(body.toString());
    }

    @Test
    void savingTheFormUntouchedStoresTheSameLimit() throws Exception {
        String team = """
                {"name":"team","role":"internal_user","per":"role","models":["gpt-*","chat"],"rpm":60,"tpm":100000,
                 "max_parallel_requests":4,"budget":{"usd":12.5,"period":"month"}}""";
        assertEquals(JSON.readTree(team), roundTrip(team));
        String alice = """
                {"name":"alice","subject":"alice","issuer":"https://idp.example","budget":{"tokens":1000000,"period":"week"}}""";
        assertEquals(JSON.readTree(alice), roundTrip(alice));

        LimitForm form = LimitForm.of(JSON.readTree(team));
        assertEquals("gpt-*, chat", form.models());
        assertEquals("12.5", form.budgetAmount());
        assertEquals("usd", form.budgetKind());
    }

    @Test
    void emptyFieldsAreNotSetAndAWholeDollarAmountStaysExact() throws Exception {
        Map<String, List<String>> fields = posted(LimitForm.empty());
        fields.put("name", List.of("  everyone "));
        fields.put("role", List.of("basic_user"));
        fields.put("budget_kind", List.of("usd"));
        fields.put("budget_amount", List.of("50"));
        fields.put("budget_period", List.of("month"));
        JsonNode body = LimitForm.submitted(fields).body();
        assertEquals(JSON.readTree("{\"name\":\"everyone\",\"role\":\"basic_user\",\"budget\":{\"usd\":50,\"period\":\"month\"}}"),
                JSON.readTree(body.toString()), "no models, ceilings or per: caller written");
    }

    @Test
    void countsThatAreNotWholeNumbersAreTheFormsOwnProblems() {
        Map<String, List<String>> fields = posted(LimitForm.empty());
        fields.put("name", List.of("typed"));
        fields.put("role", List.of("basic_user"));
        fields.put("rpm", List.of("ten"));
        fields.put("tpm", List.of("1.5"));
        fields.put("max_parallel_requests", List.of("1,000"));
        fields.put("budget_kind", List.of("tokens"));
        fields.put("budget_amount", List.of("2.5"));
        FormProblems problems = assertThrows(FormProblems.class, () -> LimitForm.submitted(fields).body());
        assertEquals("must be a whole number, like 60", problems.fields().get("rpm"));
        assertTrue(problems.fields().get("tpm").startsWith("must be a whole number"), problems.fields().toString());
        assertEquals("must be a whole number, digits only (like 60 or 1000000)", problems.fields().get("max_parallel_requests"));
        assertTrue(problems.fields().get("budget_amount").startsWith("must be a whole number"), "a token budget counts whole tokens");
        assertEquals(4, problems.fields().size(), problems.fields().toString());

        fields.put("rpm", List.of("-3")); // a number, but out of range: the policy says so in its own words
        fields.put("tpm", List.of(""));
        fields.put("max_parallel_requests", List.of(""));
        fields.put("budget_kind", List.of("usd"));
        fields.put("budget_amount", List.of("4.20"));
        JsonNode body = LimitForm.submitted(fields).body();
        assertEquals(-3, body.path("rpm").asLong());
        assertEquals("4.20", body.at("/budget/usd").decimalValue().toPlainString());

        fields.put("budget_amount", List.of("lots"));
        assertEquals("must be an amount in US dollars, like 50 or 12.50",
                assertThrows(FormProblems.class, () -> LimitForm.submitted(fields).body()).fields().get("budget_amount"));
        fields.put("budget_amount", List.of(""));
        assertEquals("give the amount in US dollars",
                assertThrows(FormProblems.class, () -> LimitForm.submitted(fields).body()).fields().get("budget_amount"));
    }

    @Test
    void onlyTheChosenWhoIsSentAndWhatWasTypedIsKept() throws Exception {
        Map<String, List<String>> fields = posted(LimitForm.empty());
        fields.put("name", List.of("mixed"));
        fields.put("role", List.of("basic_user"));
        fields.put("per", List.of("role"));
        fields.put("subject", List.of("alice"));
        fields.put("issuer", List.of("https://idp.example"));
        fields.put("rpm", List.of("5"));
        fields.put("budget_amount", List.of("99"));
        fields.put("budget_period", List.of("day"));
        JsonNode asRole = LimitForm.submitted(fields).body();
        assertEquals(JSON.readTree("{\"name\":\"mixed\",\"role\":\"basic_user\",\"per\":\"role\",\"rpm\":5}"), JSON.readTree(asRole.toString()),
                "who=role: no subject or issuer; no budget kind: no budget");

        fields.put("who", List.of("subject"));
        LimitForm form = LimitForm.submitted(fields);
        JsonNode asSubject = form.body();
        assertFalse(asSubject.has("role") || asSubject.has("per"), asSubject.toString());
        assertEquals("alice", asSubject.path("subject").asText());
        assertEquals("basic_user", form.role(), "the hidden role is still shown if the form comes back");

        fields.put("subject", List.of(""));
        assertEquals("give the subject (the token's sub) it limits",
                assertThrows(FormProblems.class, () -> LimitForm.submitted(fields).body()).fields().get("subject"));
    }

    @Test
    void thePolicysProblemsLandNextToTheirFields() {
        assertEquals(Optional.of("budget_amount"), LimitForm.fieldOf("budget.usd"));
        assertEquals(Optional.of("budget_amount"), LimitForm.fieldOf("budget.tokens"));
        assertEquals(Optional.of("budget_period"), LimitForm.fieldOf("budget.period"));
        assertEquals(Optional.of("models"), LimitForm.fieldOf("models[1]"));
        assertEquals(Optional.of("max_parallel_requests"), LimitForm.fieldOf("max_parallel_requests"));
        for (String field : List.of("name", "role", "subject", "issuer", "per", "rpm", "tpm")) {
            assertEquals(Optional.of(field), LimitForm.fieldOf(field));
        }
        assertEquals(Optional.empty(), LimitForm.fieldOf("(body)"), "no field: the page's error lists it");
    }
}
