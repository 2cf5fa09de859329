package io.modelgate.usage;

import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a new user does first — list the models, ask for their own usage, call a model that does not exist — is no model
 * usage: listings appear nowhere in usage, a refused call is a refusal by its reason and never "unknown usage", and only
 * model calls count toward a request limit.
 */
@QuarkusTest
class ModelCallsOnlyTest {

    private static String admin() {
        return TestIdentityProvider.current().tokenWithRoles("calls-only-admin", "proxy_admin");
    }

    private static int chat(String token, String model) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").statusCode();
    }

    @Test
    void listingsAreNoUsageAndARefusedCallIsARefusalByReason() {
        String subject = "new-user-" + System.nanoTime();
        String token = TestIdentityProvider.current().tokenWithRoles(subject, "basic_user");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/v1/models").then().statusCode(200);
        }
        given().auth().oauth2(token).get("/v1/me").then().statusCode(200);
        assertEquals(403, chat(token, "a-model-that-does-not-exist"), "a name no permission of the caller covers");
        assertEquals(200, chat(token, "priced-chat"));

        JsonPath me = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> given().auth().oauth2(token).get("/v1/me").then().statusCode(200).extract().jsonPath(),
                usage -> usage.getList("usage_this_month.by_model").size() == 2);
        List<Map<String, Object>> byModel = me.getList("usage_this_month.by_model");
        assertTrue(byModel.stream().noneMatch(row -> "none".equals(row.get("model"))), "no model called none: " + byModel);
        Map<String, Object> other = byModel.stream().filter(row -> "other".equals(row.get("model"))).findFirst().orElseThrow();
        assertEquals(0, other.get("requests"), "a refused call is no request of a model: " + other);
        assertEquals(1, other.get("refused_requests"), other.toString());
        assertEquals(0, other.get("unknown_usage_requests"), "and never a call of unknown usage");
        Map<String, Object> priced = byModel.stream().filter(row -> "priced-chat".equals(row.get("model"))).findFirst().orElseThrow();
        assertEquals(1, priced.get("requests"));
        assertEquals(0, priced.get("unknown_usage_requests"));

        JsonPath report = given().auth().oauth2(admin()).queryParam("subject", subject).queryParam("group_by", "model,outcome")
                .get("/admin/api/usage").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> rows = report.getList("rows");
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.stream().anyMatch(row -> "other".equals(row.get("model")) && "model_not_permitted".equals(row.get("outcome"))), rows.toString());
        assertTrue(rows.stream().anyMatch(row -> "priced-chat".equals(row.get("model")) && "ok".equals(row.get("outcome"))), rows.toString());
        assertEquals(1, report.getInt("totals.requests"), "the operator's totals count the model call alone");
        assertEquals(1, report.getInt("totals.refused_requests"));
        String csv = given().auth().oauth2(admin()).accept("text/csv").queryParam("subject", subject).queryParam("group_by", "outcome")
                .get("/admin/api/usage").then().statusCode(200).extract().asString();
        assertTrue(csv.startsWith("outcome,requests,refused_requests,unknown_usage_requests,"), csv);
        assertTrue(csv.contains("\r\nmodel_not_permitted,0,1,0,"), csv);
    }

    @Test
    void aTokenCountIsAModelCallThatUsesNoTokensNotOneOfUnknownUsage() {
        String subject = "counter-" + System.nanoTime();
        String token = TestIdentityProvider.current().tokenWithRoles(subject, "basic_user");
        given().auth().oauth2(token).header("anthropic-version", "2023-06-01").contentType(ContentType.JSON)
                .body("{\"model\":\"anthropic-upstream\",\"messages\":[{\"role\":\"user\",\"content\":\"how long is this?\"}]}")
                .post("/v1/messages/count_tokens").then().statusCode(200);
        JsonPath me = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> given().auth().oauth2(token).get("/v1/me").then().statusCode(200).extract().jsonPath(),
                usage -> !usage.getList("usage_this_month.by_model").isEmpty());
        Map<String, Object> counted = me.getMap("usage_this_month.by_model[0]");
        assertEquals("anthropic-upstream", counted.get("model"));
        assertEquals(1, counted.get("requests"));
        assertEquals(0, counted.get("unknown_usage_requests"), "its answer has no usage because it used none: " + counted);
        assertEquals(0, counted.get("input_tokens"));
    }

    @Test
    void onlyModelCallsCountTowardARequestLimit() {
        String subject = "rpm-user-" + System.nanoTime();
        String limit = "calls-only-" + Math.abs(subject.hashCode() % 100000);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("name", limit, "subject", subject, "rpm", 2))
                .post("/admin/api/limits").then().statusCode(201);
        try {
            String token = TestIdentityProvider.current().tokenWithRoles(subject, "basic_user");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> given().auth().oauth2(token).get("/v1/me").then().extract()
                    .jsonPath().getList("limits.name").contains(limit));
            for (int i = 0; i < 5; i++) {
                given().auth().oauth2(token).get("/v1/models").then().statusCode(200);
                given().auth().oauth2(token).get("/v1/models/priced-chat").then().statusCode(200);
                given().auth().oauth2(token).get("/v1/me").then().statusCode(200);
            }
            assertEquals(403, chat(token, "secret-model"), "a refused call is not admitted, so it counts toward nothing");
            assertEquals(200, chat(token, "priced-chat"));
            assertEquals(200, chat(token, "priced-chat"), "listings, /v1/me and refusals left both of the minute's calls");
            assertEquals(429, chat(token, "priced-chat"));
            JsonPath me = given().auth().oauth2(token).get("/v1/me").then().statusCode(200).extract().jsonPath();
            assertEquals(2, me.getInt("limits.find { it.name == '" + limit + "' }.requests_in_last_minute"), me.prettify());
            assertNull(me.get("usage_this_month.by_model.find { it.model == 'none' }"));
        } finally {
            given().auth().oauth2(admin()).delete("/admin/api/limits/" + limit).then().statusCode(204);
        }
    }
}
