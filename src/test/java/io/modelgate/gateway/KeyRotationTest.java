package io.modelgate.gateway;

import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A new signing key published by the identity provider is accepted without restarting Modelgate. */
@QuarkusTest
class KeyRotationTest {

    @Test
    void aTokenSignedWithANewlyPublishedKeyIsAcceptedAfterAnImmediateRefetch() {
        TestIdentityProvider idp = TestIdentityProvider.current();
        idp.createKey("rsa-rotated");
        String token = idp.sign("rsa-rotated", c -> c.claim("roles", List.of("basic_user")));

        status(token, 401); // not published yet: the refetched key set does not have it either
        int fetchesBefore = idp.jwksRequests();
        idp.publish("rsa-rotated");
        // The refetch on an unknown kid is rate-limited (1 s in tests), so allow a moment.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(300))
                .until(() -> status(token) == 200);
        assertTrue(idp.jwksRequests() > fetchesBefore, "the key set was fetched again");
    }

    private static int status(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"mock-chat\",\"messages\":[]}")
                .when().post("/v1/chat/completions").then().extract().statusCode();
    }

    private static void status(String token, int expected) {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"mock-chat\",\"messages\":[]}")
                .when().post("/v1/chat/completions").then().statusCode(expected);
    }
}
