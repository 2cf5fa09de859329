package io.modelgate.gateway;

import io.modelgate.inspect.Endpoint;
import io.modelgate.testing.NothingForwarded;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input on every operation that names a model: a clear 400 in that API's own shape (OpenAI's, or Anthropic's on
 * /v1/messages), and nothing forwarded. The models used live on the recording upstream, so anything forwarded shows.
 */
@QuarkusTest
@ExtendWith(NothingForwarded.class)
class ApiRequestValidationTest {

    @TestHTTPResource("/")
    URL root;

    private String token;

    @BeforeEach
    void setUp() {
        token = TestIdentityProvider.current().tokenWithRoles("alice", "basic_user");
    }

    private static boolean anthropic(Endpoint endpoint) {
        return endpoint.family() == io.modelgate.policy.ApiFamily.ANTHROPIC;
    }

    /** The error's type as the endpoint's API names it, checked in that API's shape. */
    private static void invalid(ValidatableResponse response, Endpoint endpoint) {
        response.statusCode(400).contentType(ContentType.JSON);
        if (anthropic(endpoint)) {
            response.body("type", is("error")).body("error.type", is("invalid_request_error")).body("error.message", notNullValue());
        } else {
            response.body("error.type", is("invalid_request_error")).body("error.message", notNullValue());
        }
    }

    private ValidatableResponse postJson(Endpoint endpoint, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post("/v1/" + endpoint.path()).then();
    }

    private static String model(Endpoint endpoint) {
        return anthropic(endpoint) ? "anthropic-upstream" : "chat";
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, mode = EnumSource.Mode.MATCH_ALL, names = ".*")
    void malformedJsonMissingOrDuplicatedModel(Endpoint endpoint) {
        if (endpoint.body() != Endpoint.Body.JSON) {
            return; // forms and stored-response operations are covered below
        }
        String model = model(endpoint);
        invalid(postJson(endpoint, "{\"model\":\"" + model + "\","), endpoint);
        invalid(postJson(endpoint, "{\"input\":\"no model\"}"), endpoint);
        invalid(postJson(endpoint, "{\"model\":\"" + model + "\",\"model\":\"secret-model\"}"), endpoint);
        invalid(postJson(endpoint, ""), endpoint);
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"AUDIO_TRANSCRIPTIONS", "AUDIO_TRANSLATIONS", "IMAGES_EDITS", "IMAGES_VARIATIONS"})
    void formsWithoutOrWithTwoModelsOrNotForms(Endpoint endpoint) {
        String path = "/v1/" + endpoint.path();
        given().auth().oauth2(token).multiPart("file", "a.wav", new byte[100], "audio/wav").when().post(path).then()
                .statusCode(400).body("error.param", equalTo("model"))
                .body("error.message", equalTo("The form names no model: add a \"model\" field naming one of the models GET /v1/models lists."));
        given().auth().oauth2(token).multiPart("model", "chat").multiPart("file", "a.wav", new byte[100], "audio/wav")
                .multiPart("model", "secret-model").when().post(path).then()
                .statusCode(400).body("error.message", equalTo("The form field \"model\" appears more than once."));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"model\":\"chat\"}").when().post(path).then()
                .statusCode(415).body("error.type", equalTo("invalid_request_error"));
        given().auth().oauth2(token).contentType("multipart/form-data; boundary=xyz").body("--xyz\r\nno headers end".getBytes(StandardCharsets.UTF_8)).when().post(path)
                .then().statusCode(400).body("error.message", equalTo("The multipart body is malformed: a part's headers do not end."));
    }

    @Test
    void twoAuthorizationHeadersAreRefusedOnEveryFamily() {
        given().header("Authorization", "Bearer " + token).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"model\":\"chat\",\"messages\":[]}").when().post("/v1/chat/completions").then()
                .statusCode(400).body("error.message", equalTo("The request carries 2 Authorization headers; send exactly one."));
        given().header("Authorization", "Bearer " + token).header("Authorization", "Bearer other").contentType(ContentType.JSON)
                .body("{\"model\":\"anthropic-upstream\",\"max_tokens\":1,\"messages\":[]}").when().post("/v1/messages").then()
                .statusCode(400).body("type", equalTo("error")).body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void aMalformedChunkedBodyIsAnsweredNotDropped() throws IOException {
        String response = raw("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"mod\r\nZZ-not-a-chunk-size\r\nel\":\"chat\"}\r\n0\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400"), response);
        assertTrue(response.contains("\"message\":\"The request body could not be read: its chunked encoding is malformed, or it was cut off.\""),
                response);
    }

    @Test
    void aStoredResponseOperationOnAnUnknownIdIsNotFoundInOpenAisShape() {
        for (String path : List.of("/v1/responses/resp_x", "/v1/responses/resp_x/input_items")) {
            given().auth().oauth2(token).when().get(path).then().statusCode(404).body("error.type", equalTo("invalid_request_error"));
        }
        given().auth().oauth2(token).when().delete("/v1/responses/resp_x").then().statusCode(404);
        given().auth().oauth2(token).when().post("/v1/responses/resp_x/cancel").then().statusCode(404);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"model\":\"chat\",\"input\":\"hi\",\"previous_response_id\":\"resp_x\"}")
                .when().post("/v1/responses").then().statusCode(404).body("error.param", equalTo("previous_response_id"));
    }

    /** Sends bytes as they are (REST Assured would fix a broken body) and reads what comes back until the server closes. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            try {
                while ((n = in.read(buffer)) > 0) {
                    read.write(buffer, 0, n);
                    if (read.toString(StandardCharsets.UTF_8).contains("}}")) {
                        break;
                    }
                }
            } catch (java.net.SocketException closed) {
                // the server may close right after answering
            }
            return read.toString(StandardCharsets.UTF_8);
        }
    }
}
