package io.modelgate.testing;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/** The data-plane call most tests make: a one-message chat completion with a bearer token. */
public final class GatewayCalls {

    private GatewayCalls() {
    }

    public static ValidatableResponse chat(String token, String model) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions").then();
    }
}
