package io.modelgate.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Usage stored equals what the upstream reported, for plain, streamed and cancelled calls on chat, Responses and
 * Messages; a chat stream whose caller did not ask for usage is metered too, and its caller gets the upstream's stream
 * without the usage chunk the gateway asked for.
 */
@QuarkusTest
class UsageMeteringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void storedUsageIsTheSumOfWhatTheUpstreamReported() throws Exception {
        String subject = "meter-" + System.nanoTime();
        String token = TestIdentityProvider.current().tokenWithRoles(subject, "basic_user");
        List<JsonNode> reported = new ArrayList<>();

        reported.add(post(token, "v1/chat/completions", chat("plain chat", false, null)).path("usage"));
        reported.add(usageOfLastEvent(stream(token, "v1/chat/completions", chat("streamed chat", true, true))));
        List<String> hidden = stream(token, "v1/chat/completions", chat("streamed chat", true, null));
        assertTrue(hidden.stream().noneMatch(line -> line.contains("\"usage\":{")), "no usage chunk the caller did not ask for: " + hidden);
        reported.add(reported.get(1)); // the same prompt: the mock reports the same usage
        reported.add(post(token, "v1/responses", "{\"model\":\"priced-chat\",\"input\":\"plain responses\",\"store\":false}").path("usage"));
        reported.add(usageOfLastEvent(stream(token, "v1/responses",
                "{\"model\":\"priced-chat\",\"input\":\"streamed responses\",\"stream\":true,\"store\":false}")).path("response").path("usage"));
        JsonNode message = post(token, "v1/messages", messages("plain messages", false)).path("usage");
        reported.add(message);

        long expectedInput = 0;
        long expectedOutput = 0;
        for (JsonNode usage : reported) {
            expectedInput += usage.has("prompt_tokens") ? usage.path("prompt_tokens").asLong() : usage.path("input_tokens").asLong();
            expectedOutput += usage.has("completion_tokens") ? usage.path("completion_tokens").asLong() : usage.path("output_tokens").asLong();
        }
        long cancelledInput = cancelledMessagesStream(token);
        long input = expectedInput + cancelledInput;
        long output = expectedOutput + 1; // message_start of the cancelled stream reports one output token

        String admin = TestIdentityProvider.current().tokenWithRoles("usage-admin", "proxy_admin");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode totals = usage(admin, "subject=" + subject + "&group_by=endpoint").path("totals");
            assertEquals(7, totals.path("requests").asLong(), totals.toString());
            assertEquals(input, totals.path("input_tokens").asLong(), totals.toString());
            assertEquals(output, totals.path("output_tokens").asLong(), totals.toString());
        });
        JsonNode report = usage(admin, "subject=" + subject + "&group_by=endpoint,model");
        Map<String, Long> byEndpoint = new java.util.TreeMap<>();
        report.path("rows").forEach(row -> byEndpoint.merge(row.path("endpoint").asText(), row.path("requests").asLong(), Long::sum));
        assertEquals(Map.of("chat", 3L, "responses", 2L, "messages", 2L), byEndpoint);
        // priced-chat costs 2e-6 per input and 1e-5 per output token; claude has no price
        double chatCost = 0;
        for (JsonNode row : report.path("rows")) {
            if (row.path("model").asText().equals("priced-chat")) {
                chatCost += row.path("cost_usd").asDouble();
                assertEquals(0, row.path("unknown_usage_requests").asLong(), row.toString());
            } else {
                assertEquals(0, row.path("cost_usd").asDouble(), row.toString());
            }
        }
        long chatInput = 0;
        long chatOutput = 0;
        for (JsonNode usage : reported.subList(0, 5)) {
            chatInput += usage.has("prompt_tokens") ? usage.path("prompt_tokens").asLong() : usage.path("input_tokens").asLong();
            chatOutput += usage.has("completion_tokens") ? usage.path("completion_tokens").asLong() : usage.path("output_tokens").asLong();
        }
        assertEquals(chatInput * 2e-6 + chatOutput * 1e-5, chatCost, 1e-9);

        String csv = given().auth().oauth2(admin).accept("text/csv").when().get("/admin/api/usage?subject=" + subject + "&group_by=endpoint")
                .then().statusCode(200).extract().asString();
        assertTrue(csv.startsWith("endpoint,requests,refused_requests,unknown_usage_requests,input_tokens,"), csv);
        assertTrue(csv.contains("\r\nchat,3,0,"), csv);
    }

    @Test
    void theMetricsCountTokensByModelRoleAndKindWithoutSubjects() {
        String token = TestIdentityProvider.current().tokenWithRoles("metrics-meter", "basic_user");
        post(token, "v1/chat/completions", chat("count me", false, null));
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.contains("modelgate_tokens_total{kind=\"input\",model=\"priced-chat\",role=\"internal_user\"}"), metrics);
            assertTrue(metrics.contains("modelgate_tokens_total{kind=\"output\",model=\"priced-chat\",role=\"internal_user\"}"), metrics);
            assertTrue(metrics.contains("modelgate_cost_usd_total{model=\"priced-chat\",role=\"internal_user\"}"), metrics);
            assertFalse(metrics.contains("metrics-meter"), "no subject in any tag");
        });
    }

    @Test
    void theUsageApiRefusesWhatItCannotAnswer() {
        String admin = TestIdentityProvider.current().tokenWithRoles("usage-admin", "proxy_admin");
        given().auth().oauth2(admin).when().get("/admin/api/usage?group_by=subject;drop table usage_minute").then().statusCode(400);
        given().auth().oauth2(admin).when().get("/admin/api/usage?from=yesterday").then().statusCode(400);
        given().auth().oauth2(admin).when().get("/admin/api/usage?from=2026-12-02&to=2026-12-01").then().statusCode(400);
        given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("bob", "basic_user")).when().get("/admin/api/usage")
                .then().statusCode(403);
    }

    private JsonNode usage(String admin, String query) {
        return readJson(given().auth().oauth2(admin).when().get("/admin/api/usage?" + query).then().statusCode(200).extract().asString());
    }

    private static String chat(String prompt, boolean stream, Boolean includeUsage) {
        return "{\"model\":\"priced-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]"
                + (stream ? ",\"stream\":true" : "") + (includeUsage == null ? "" : ",\"stream_options\":{\"include_usage\":" + includeUsage + "}")
                + "}";
    }

    private static String messages(String prompt, boolean stream) {
        return "{\"model\":\"claude\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]"
                + (stream ? ",\"stream\":true" : "") + "}";
    }

    private static JsonNode post(String token, String path, String body) {
        return readJson(given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/" + path)
                .then().statusCode(200).extract().asString());
    }

    private List<String> stream(String token, String path, String body) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(request(token, path, body), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        return response.body().toList();
    }

    /** Reads a Messages stream until its first event, then leaves; returns the input tokens message_start reported. */
    private long cancelledMessagesStream(String token) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(request(token, "v1/messages", messages("cancel me after the start", true)),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("data:") && line.contains("message_start")) {
                    return readJson(line.substring(5)).path("message").path("usage").path("input_tokens").asLong();
                }
            }
        }
        throw new AssertionError("no message_start");
    }

    private HttpRequest request(String token, String path, String body) {
        return HttpRequest.newBuilder(URI.create(gateway + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static JsonNode usageOfLastEvent(List<String> lines) {
        JsonNode last = null;
        for (String line : lines) {
            if (line.startsWith("data:") && !line.contains("[DONE]") && line.contains("\"usage\":{")) {
                last = readJson(line.substring(5));
            }
        }
        assertTrue(last != null, "a usage event in " + lines);
        return last.has("usage") ? last.path("usage") : last;
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
