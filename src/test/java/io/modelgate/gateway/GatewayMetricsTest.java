package io.modelgate.gateway;

import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operators see requests by model, permitting role and status, and upstream latency; never a caller-made tag. */
@QuarkusTest
class GatewayMetricsTest {

    @Test
    void requestsAreCountedByModelRoleAndStatusWithBoundedTags() {
        String alice = TestIdentityProvider.current().tokenWithRoles("alice", "basic_user");
        double before = count("modelgate_requests_total\\{endpoint=\"chat\",model=\"mock-chat\",role=\"internal_user\",status=\"200\"}");
        chat(alice, "mock-chat", 200);
        chat(alice, "a-model-nobody-configured-" + System.nanoTime(), 403);
        chat(alice, "secret-model", 403);

        // calls are counted off the event loop, a few milliseconds after they end
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> metrics().contains("model=\"secret-model\",role=\"none\""));
        String metrics = metrics();
        assertTrue(count("modelgate_requests_total\\{endpoint=\"chat\",model=\"mock-chat\",role=\"internal_user\",status=\"200\"}") >= before + 1, metrics);
        assertTrue(metrics.contains("modelgate_requests_total{endpoint=\"chat\",model=\"other\",role=\"none\",status=\"403\"}"), metrics);
        assertTrue(metrics.contains("modelgate_requests_total{endpoint=\"chat\",model=\"secret-model\",role=\"none\",status=\"403\"}"), metrics);
        assertFalse(metrics.contains("a-model-nobody-configured"), "caller-supplied names never become tags");
        assertFalse(metrics.contains("alice"), "no subject in any tag");
        assertTrue(metrics.contains("modelgate_upstream_duration_seconds_count{deployment=\"mock/mock-gpt#"), metrics);
        assertTrue(metrics.contains("modelgate_request_duration_seconds_bucket{endpoint=\"chat\",model=\"mock-chat\""), metrics);
    }

    @Test
    void modelCallsAreTimedAsTheGenAiConventionsSayWithBucketsFromMillisecondsToMinutes() {
        String alice = TestIdentityProvider.current().tokenWithRoles("alice", "basic_user");
        given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body("{\"model\":\"chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
        given().auth().oauth2(alice).contentType(ContentType.JSON) // the mock upstream reports usage: tokens are counted and timed
                .body("{\"model\":\"mock-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"tell me a story\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
        chat(alice, "secret-model", 403);
        String mock = "api=\"chat\",model=\"mock-chat\",role=\"internal_user\"";
        String labels = "api=\"chat\",model=\"chat\",role=\"internal_user\"";
        String ok = "api=\"chat\",model=\"chat\",outcome=\"ok\",role=\"internal_user\""; // Prometheus orders labels by name
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> metrics().contains("gen_ai_server_time_to_first_token_seconds_count{" + labels + "}"));
        String metrics = metrics();
        // the test upstream streams three chunks 150 ms apart: the first token comes before the answer ends
        double firstToken = count("gen_ai_server_time_to_first_token_seconds_sum\\{" + labels + "}");
        double whole = count("gen_ai_server_request_duration_seconds_sum\\{" + ok + "}");
        assertTrue(firstToken > 0 && whole >= firstToken + 0.2, firstToken + " s to the first token, " + whole + " s in all");
        assertTrue(metrics.contains("gen_ai_server_request_duration_seconds_bucket{" + ok + ",le=\"655.36\"}"),
                "buckets reach minutes: " + metrics);
        assertTrue(metrics.contains("gen_ai_server_request_duration_seconds_bucket{" + ok + ",le=\"0.01\"}"), metrics);
        assertTrue(metrics.contains("gen_ai_server_time_per_output_token_seconds_count{" + mock + "}"), metrics);
        assertTrue(count("gen_ai_client_token_usage_tokens_count\\{" + mock + ",type=\"output\"}") >= 1, metrics);
        assertTrue(metrics.contains("gen_ai_server_request_duration_seconds_count{api=\"chat\",model=\"secret-model\",outcome=\"model_not_permitted\",role=\"none\"}"),
                "a refusal is an outcome of its own: " + metrics);
        assertFalse(metrics.contains("gen_ai_server_request_duration_seconds_count{api=\"models\""), "listing models is no model call");
    }

    @Test
    void thePolicySnapshotAndKeySetFetchesAreVisible() {
        String metrics = metrics();
        assertTrue(count("modelgate_policy_version") >= 1, metrics);
        assertTrue(count("modelgate_policy_age_seconds") >= 0 && metrics.contains("modelgate_policy_loaded_age_seconds "), metrics);
        // the test issuer's key set was fetched when the first token was verified
        chat(TestIdentityProvider.current().tokenWithRoles("alice", "basic_user"), "mock-chat", 200);
        assertTrue(count("modelgate_jwks_fetches_total\\{outcome=\"ok\",tenant=\"Default\"}") >= 1, metrics());
    }

    @Test
    void whatTheBackgroundWriterWritesAndDropsIsCountedPerQueue() {
        double before = count("modelgate_writer_written_total\\{queue=\"call_records\"}");
        chat(TestIdentityProvider.current().tokenWithRoles("alice", "basic_user"), "mock-chat", 200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> count("modelgate_writer_written_total\\{queue=\"call_records\"}") > before);
        String metrics = metrics();
        assertTrue(metrics.contains("modelgate_writer_dropped_total{queue=\"call_records\"} 0.0"), "no call record dropped: " + metrics);
        for (String queue : new String[] {"call_records", "usage_minutes", "stored_responses"}) {
            assertTrue(count("modelgate_writer_queue_capacity\\{queue=\"" + queue + "\"}") > 0, metrics);
            assertTrue(metrics.contains("modelgate_writer_queue_depth{queue=\"" + queue + "\"}"), metrics);
            assertTrue(metrics.contains("modelgate_writer_dropped_total{queue=\"" + queue + "\"}"), metrics);
            assertTrue(metrics.contains("modelgate_writer_failures_total{queue=\"" + queue + "\"}"), metrics);
        }
    }

    private static void chat(String token, String model, int status) {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"" + model + "\",\"messages\":[]}")
                .when().post("/v1/chat/completions").then().statusCode(status);
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double count(String series) {
        Matcher m = Pattern.compile("^" + series + " ([0-9.E]+)$", Pattern.MULTILINE).matcher(metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
