package io.modelgate.limits;

import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limits set through the admin API bind the data plane: calls under a limit carry OpenAI's (or on /v1/messages
 * Anthropic's) rate-limit headers, and the call past it is refused with a 429 in the API's shape and Retry-After.
 */
@QuarkusTest
class LimitsTest {

    private static String admin() {
        return TestIdentityProvider.current().tokenWithRoles("limits-admin", "proxy_admin");
    }

    private static void putLimit(String name, String json) {
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"," + json.substring(1))
                .when().post("/admin/api/limits").then().statusCode(201);
    }

    private static void deleteLimit(String name) {
        given().auth().oauth2(admin()).when().delete("/admin/api/limits/" + name).then().statusCode(204);
    }

    private static Response chat(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"priced-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").when().post("/v1/chat/completions");
    }

    @Test
    void aSubjectLimitBindsWithOpenAiHeadersAndRefusesInOpenAisShape() {
        String subject = "limited-" + System.nanoTime();
        String name = "rpm-" + Math.abs(subject.hashCode() % 1000);
        putLimit(name, "{\"subject\":\"" + subject + "\",\"rpm\":3,\"models\":[\"priced-*\"]}");
        try {
            String token = TestIdentityProvider.current().tokenWithRoles(subject, "basic_user");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> chat(token).getHeader("x-ratelimit-limit-requests") != null);
            Response second = chat(token);
            assertEquals(200, second.statusCode());
            assertEquals("3", second.getHeader("x-ratelimit-limit-requests"));
            assertEquals("1", second.getHeader("x-ratelimit-remaining-requests"));
            assertNotNull(second.getHeader("x-ratelimit-reset-requests"));
            chat(token).then().statusCode(200).header("x-ratelimit-remaining-requests", "0");
            Response refused = chat(token);
            refused.then().statusCode(429).body("error.code", equalTo("rate_limit_exceeded"))
                    .body("error.message", containsString("Limit '" + name + "' allows 3 requests per minute"))
                    .header("x-ratelimit-remaining-requests", "0");
            long retryAfter = Long.parseLong(refused.getHeader("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            // another caller and another model are not under it
            chat(TestIdentityProvider.current().tokenWithRoles(subject + "-other", "basic_user")).then().statusCode(200);
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").when().post("/v1/chat/completions")
                    .then().statusCode(200);
        } finally {
            deleteLimit(name);
        }
    }

    @Test
    void onMessagesTheRefusalAndHeadersAreAnthropics() {
        String subject = "limited-claude-" + System.nanoTime();
        String name = "claude-" + Math.abs(subject.hashCode() % 1000);
        putLimit(name, "{\"subject\":\"" + subject + "\",\"rpm\":1}");
        try {
            String token = TestIdentityProvider.current().tokenWithRoles(subject, "basic_user");
            String body = "{\"model\":\"claude\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .post("/v1/messages").getHeader("anthropic-ratelimit-requests-limit") != null);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/v1/messages").then().statusCode(429)
                    .body("type", equalTo("error")).body("error.type", equalTo("rate_limit_error"))
                    .header("anthropic-ratelimit-requests-remaining", "0");
        } finally {
            deleteLimit(name);
        }
    }

    @Test
    void aLimitIsValidatedFieldByField() {
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"name\":\"bad\",\"role\":\"no-such-role\",\"rpm\":0,\"per\":\"team\"}")
                .when().post("/admin/api/limits").then().statusCode(400)
                .body(containsString("rpm")).body(containsString("per"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"name\":\"both\",\"role\":\"internal_user\",\"subject\":\"x\",\"rpm\":5}")
                .when().post("/admin/api/limits").then().statusCode(400).body(containsString("either role"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"name\":\"budget-both\",\"role\":\"internal_user\",\"budget\":{\"usd\":5,\"tokens\":5,\"period\":\"month\"}}")
                .when().post("/admin/api/limits").then().statusCode(400).body(containsString("either usd or tokens"));
    }

    @Test
    void howMuchOfABudgetIsSpentIsAGaugeByLimitNamingNoCaller() {
        String name = "budget-gauge-" + System.nanoTime();
        String subject = "budget-gauge-user-" + System.nanoTime();
        putLimit(name, "{\"subject\":\"" + subject + "\",\"budget\":{\"tokens\":1000,\"period\":\"month\"}}");
        try {
            String series = "modelgate_limits_budget_used_ratio{limit=\"" + name + "\"}";
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> metrics().contains(series + " 0.0"));
            given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles(subject, "basic_user")).contentType(ContentType.JSON)
                    .body("{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}")
                    .post("/v1/chat/completions").then().statusCode(200);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                java.util.regex.Matcher used = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(series) + " ([0-9.E-]+)").matcher(metrics());
                return used.find() && Double.parseDouble(used.group(1)) > 0 && Double.parseDouble(used.group(1)) < 1;
            });
            assertFalse(metrics().contains(subject), "no caller in any tag");
        } finally {
            deleteLimit(name);
        }
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void aCallerSeesTheirOwnUsageAndLimitsAndExplainShowsThem() {
        String subject = "standing-" + System.nanoTime();
        String name = "standing-" + Math.abs(subject.hashCode() % 1000);
        putLimit(name, "{\"subject\":\"" + subject + "\",\"rpm\":50,\"budget\":{\"tokens\":1000000,\"period\":\"month\"}}");
        try {
            String token = TestIdentityProvider.current().tokenWithRoles(subject, "basic_user");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> chat(token).getHeader("x-ratelimit-limit-requests") != null);
            chat(token).then().statusCode(200);
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(token).when().get("/v1/me").then()
                    .statusCode(200).body("subject", equalTo(subject)).body("gateway_roles", org.hamcrest.Matchers.hasItem("internal_user"))
                    .body("limits.find { it.name == '" + name + "' }.rpm", equalTo(50))
                    .body("limits.find { it.name == '" + name + "' }.requests_in_last_minute", org.hamcrest.Matchers.greaterThanOrEqualTo(2))
                    .body("limits.find { it.name == '" + name + "' }.spent_tokens", org.hamcrest.Matchers.greaterThan(0))
                    .body("usage_this_month.by_model.find { it.model == 'priced-chat' }.requests", org.hamcrest.Matchers.greaterThanOrEqualTo(2)));
            given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"token\":\"" + token + "\",\"model\":\"priced-chat\"}")
                    .when().post("/admin/api/explain").then().statusCode(200)
                    .body("limits.name", org.hamcrest.Matchers.hasItem(name))
                    .body("limits.find { it.name == '" + name + "' }.budget_tokens", equalTo(1000000));
            given().when().get("/v1/me").then().statusCode(401);
        } finally {
            deleteLimit(name);
        }
    }
}
