package io.modelgate.gateway;

import io.modelgate.testing.TestIdentityProvider;
import io.modelgate.testing.TestUpstream;
import io.modelgate.testing.TestUpstream.RecordedRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Allowed calls reach the right upstream, rewritten and re-authenticated, and come back as they were sent. */
@QuarkusTest
class ForwardingTest {

    private static final String UPSTREAM_KEY = System.getenv(TestUpstream.API_KEY_ENV);

    @TestHTTPResource("/")
    URL gateway;

    private String token;

    @BeforeEach
    void setUp() {
        TestUpstream.current().clear();
        token = TestIdentityProvider.current().tokenWithRoles("alice", "basic_user");
    }

    @Test
    void chatIsForwardedWithTheUpstreamModelNameAndKeyButNotTheCallersToken() {
        String body = "{ \"messages\": [{\"role\": \"user\", \"content\": \"Grüße 👋\"}],\n  \"model\" : \"chat\", \"temperature\": 0.2 }";
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/v1/chat/completions")
                .then().statusCode(200)
                .header("X-Request-Id", notNullValue())
                .body("choices[0].message.content", is("Hello from the upstream"));

        RecordedRequest seen = single();
        assertEquals("/ok/v1/chat/completions", seen.path());
        assertEquals(body.replace("\"chat\"", "\"upstream-chat-1\""), seen.body(), "only the model value changes");
        assertEquals("Bearer " + UPSTREAM_KEY, seen.headers().get("authorization"));
        assertFalse(seen.headers().values().stream().anyMatch(v -> v.contains(token)), "the caller's token never travels upstream");
        assertNotNullHeader(seen, "x-request-id");
    }

    @Test
    void pathsWithoutTheV1PrefixWorkToo() {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"embed\",\"input\":\"hello\"}")
                .when().post("/embeddings")
                .then().statusCode(200).body("data[0].embedding.size()", is(3));
        assertEquals("/ok/v1/embeddings", single().path());
        assertEquals("upstream-embed-1", single().json().path("model").asText());
    }

    @Test
    void deploymentsWithoutAKeySendNoAuthorization() {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"embed\",\"input\":[\"a\",\"b\"]}")
                .when().post("/v1/embeddings").then().statusCode(200);
        assertNull(single().headers().get("authorization"));
    }

    @Test
    void azureDeploymentsUseDeploymentPathsApiVersionAndApiKeyHeader() {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"azure-chat\",\"messages\":[]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
        RecordedRequest seen = single();
        assertEquals("/ok/openai/deployments/gpt4o-deployment/chat/completions", seen.path());
        assertEquals("api-version=2024-10-21", seen.query());
        assertEquals(UPSTREAM_KEY, seen.headers().get("api-key"));
        assertNull(seen.headers().get("authorization"));
    }

    @Test
    void aRefusedConnectionFailsOverToTheNextDeployment() {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"failover\",\"messages\":[]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
        assertEquals("second", single().json().path("model").asText());
    }

    @Test
    void aServerErrorBeforeAnyByteFailsOverToTheNextDeployment() {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"flaky\",\"messages\":[]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
        List<String> tried = TestUpstream.current().requests().stream().map(r -> r.json().path("model").asText()).toList();
        assertEquals(List.of("flaky-first", "flaky-second"), tried);
    }

    @Test
    void upstreamFailuresAreMappedToOpenAiErrors() {
        expectError("broken-mock", 502, "upstream_error");
        expectError("nowhere", 502, "upstream_unavailable");
        expectError("misconfigured", 502, "upstream_error")
                .body("error.message", containsString("refused Modelgate's credentials"));
        expectError("ratelimited", 429, "upstream_rate_limited").header("Retry-After", "7");
    }

    @Test
    void upstreamClientErrorsAreRelayedAsTheUpstreamSentThem() {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"rejecting\",\"messages\":[]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(400).body("error.code", is("context_length_exceeded"));
    }

    @Test
    void streamedResponsesAreRelayedAsServerSentEvents() {
        String events = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"chat\",\"stream\":true,\"messages\":[]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(200).contentType(containsString("text/event-stream"))
                .extract().asString();
        assertTrue(events.contains("part0") && events.contains("part2") && events.endsWith("data: [DONE]\n\n"), events);
        assertTrue(single().json().path("stream").asBoolean());
    }

    @Test
    void theFirstStreamedChunkArrivesBeforeTheUpstreamHasFinished() throws Exception {
        // mock-chat waits 300 ms between chunks and sends about ten of them.
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(chatRequest("mock-chat"),
                HttpResponse.BodyHandlers.ofInputStream());
        long start = System.nanoTime();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            long firstChunkMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(first.startsWith("data: {"), first);
            String line;
            String last = null;
            while ((line = lines.readLine()) != null) {
                if (!line.isEmpty()) {
                    last = line;
                }
            }
            long totalMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals("data: [DONE]", last);
            assertTrue(totalMs >= 1500, "the mock paces its chunks: " + totalMs + " ms");
            assertTrue(firstChunkMs < totalMs - 1200, "first chunk after " + firstChunkMs + " ms of " + totalMs + " ms");
        }
    }

    @Test
    void aCallerThatGoesAwayCancelsTheUpstreamCall() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(chatRequest("slow"),
                HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        assertTrue(body.read(new byte[64]) > 0, "the stream started");
        body.close();
        // The slow upstream would otherwise stream for ten seconds; it must notice the hang-up well before.
        await().atMost(Duration.ofSeconds(5)).until(() -> TestUpstream.current().abandonedStreams() == 1);
    }

    @Test
    void aStreamThatFallsSilentLongerThanItsStreamTimeoutIsCut() throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(chatRequest("slow-stream"),
                HttpResponse.BodyHandlers.ofInputStream());
        String received;
        try (InputStream body = response.body()) {
            received = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException cut) {
            received = "";
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        // its chunks come 250 ms apart: the first silence beyond stream_timeout (0.1 s) ends the call, not ten seconds
        assertTrue(ms < 3000, "cut after " + ms + " ms");
        assertFalse(received.contains("[DONE]"), received);
        await().atMost(Duration.ofSeconds(5)).until(() -> TestUpstream.current().abandonedStreams() >= 1);
    }

    @Test
    void clientsWaitingFor100ContinueAreToldToGoOnOnlyOnceAuthenticated() throws Exception {
        assertEquals("HTTP/1.1 401 Unauthorized", firstLineAfterExpectContinue("nope"), "refused before any body is sent");
        assertEquals("HTTP/1.1 100 Continue", firstLineAfterExpectContinue(token));
    }

    @Test
    void aBodySentInSeveralChunksIsForwardedWhole() throws Exception {
        String first = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",";
        String second = "\"content\":\"" + "x".repeat(20_000) + "\"}],";
        String third = "\"temperature\":0.5}";
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (String chunk : List.of(first, second, third)) {
                byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
                out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(50); // each chunk reaches the gateway on its own
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("HTTP/1.1 200 OK", new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine());
        }
        assertEquals((first + second + third).replace("\"chat\"", "\"upstream-chat-1\""), single().body());
    }

    @Test
    void aStreamWithADeclaredLengthEndsWhenTheUsageChunkTheGatewayAskedForIsTakenOut() throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                HttpRequest.newBuilder(URI.create(gateway + "v1/chat/completions")).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sized-stream\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"content\":\"answer\"") && response.body().endsWith("data: [DONE]\n\n"), response.body());
        assertFalse(response.body().contains("\"usage\":{"), "the usage chunk the caller did not ask for is taken out: " + response.body());
        assertTrue(response.headers().firstValue("Content-Length").isEmpty(), "the upstream's length no longer holds");
        assertTrue(single().json().at("/stream_options/include_usage").asBoolean(), "the gateway asked for usage");
    }

    @Test
    void aBodyOfDeclaredLengthArrivingInPiecesIsForwardedWhole() throws Exception {
        String body = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "é".repeat(15_000) + "\"}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int at = 0; at < bytes.length; at += 7_001) { // pieces that cut characters in two
                out.write(bytes, at, Math.min(7_001, bytes.length - at));
                out.flush();
                Thread.sleep(20);
            }
            assertEquals("HTTP/1.1 200 OK", new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine());
        }
        assertEquals(body.replace("\"chat\"", "\"upstream-chat-1\""), single().body());
    }

    /** Sends only the head of a POST with Expect: 100-continue and returns the status line that comes back. */
    private String firstLineAfterExpectContinue(String bearer) throws Exception {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + bearer
                    + "\r\nContent-Type: application/json\r\nContent-Length: 40\r\nExpect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    private HttpRequest chatRequest(String model) throws Exception {
        return HttpRequest.newBuilder(URI.create(gateway + "v1/chat/completions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}"))
                .build();
    }

    private io.restassured.response.ValidatableResponse expectError(String model, int status, String code) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"" + model + "\",\"messages\":[]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(status).contentType(ContentType.JSON)
                .body("error.code", is(code)).body("error.type", notNullValue());
    }

    private static RecordedRequest single() {
        List<RecordedRequest> requests = TestUpstream.current().requests();
        assertEquals(1, requests.size(), "exactly one upstream call: " + requests);
        return requests.get(0);
    }

    private static void assertNotNullHeader(RecordedRequest request, String name) {
        assertTrue(request.headers().containsKey(name), name + " missing in " + request.headers().keySet());
    }
}
