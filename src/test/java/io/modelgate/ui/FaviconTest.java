package io.modelgate.ui;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** Browsers ask every page's icon; the UI serves one, so no page leaves a 404 in the console. */
@QuarkusTest
class FaviconTest {

    @Test
    void theIconsAreServedWithoutSigningIn() {
        given().when().get("/favicon.ico").then().statusCode(200).contentType(containsString("icon"));
        given().when().get("/ui/favicon.svg").then().statusCode(200).contentType(containsString("svg"));
    }
}
