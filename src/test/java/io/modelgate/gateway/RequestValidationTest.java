package io.modelgate.gateway;

import io.modelgate.testing.NothingForwarded;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/** Malformed requests get a clear OpenAI-shaped error and nothing is forwarded. */
@QuarkusTest
@ExtendWith(NothingForwarded.class)
class RequestValidationTest {

    private String token;

    @BeforeEach
    void setUp() {
        token = TestIdentityProvider.current().tokenWithRoles("alice", "basic_user");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON         | {\"model\": \"chat\",                     | invalid_json    |",
            "trailing garbage       | {\"model\": \"chat\"} {}                  | invalid_json    |",
            "array body             | [{\"model\": \"chat\"}]                   | invalid_request |",
            "missing model          | {\"messages\": []}                        | invalid_request | model",
            "model not a string     | {\"model\": 42}                           | invalid_request | model",
            "blank model            | {\"model\": \"  \"}                       | invalid_request | model",
            "duplicate model        | {\"model\": \"chat\", \"model\": \"secret-model\"} | invalid_request | model",
            "stream not a boolean   | {\"model\": \"chat\", \"stream\": \"yes\"}  | invalid_request | stream",
    })
    void badBodiesAreRefusedWith400(String name, String body, String code, String param) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/v1/chat/completions")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error.type", is("invalid_request_error"))
                .body("error.code", is(code))
                .body("error.param", is(param))
                .body("error.message", notNullValue());
    }

    @Test
    void anEmptyBodyIsRefused() {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .when().post("/v1/chat/completions")
                .then().statusCode(400).body("error.code", is("invalid_request"));
    }

    @Test
    void aBodyOverTheLimitGets413() {
        String huge = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70_000) + "\"}]}";
        given().auth().oauth2(token).contentType(ContentType.JSON).body(huge)
                .when().post("/v1/chat/completions")
                .then().statusCode(413).body("error.code", is("request_too_large"));
    }

    @Test
    void aBodyOverTheLimitWithoutContentLengthGets413() {
        byte[] huge = ("{\"model\":\"chat\",\"input\":\"" + "y".repeat(70_000) + "\"}").getBytes();
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new java.io.ByteArrayInputStream(huge))
                .when().post("/v1/embeddings")
                .then().statusCode(413).body("error.code", is("request_too_large"));
    }

    @Test
    void unknownEndpointsAndMethodsGetOpenAiErrors() {
        given().auth().oauth2(token).when().get("/v1/completions-old")
                .then().statusCode(404).body("error.code", is("not_found"));
        given().auth().oauth2(token).when().get("/v1/chat/completions")
                .then().statusCode(405).body("error.code", is("method_not_allowed"));
    }

    @Test
    void authenticationComesBeforeBodyValidation() {
        given().contentType(ContentType.JSON).body("{not json")
                .when().post("/v1/chat/completions")
                .then().statusCode(401).body("error.code", is("missing_token"));
    }
}
