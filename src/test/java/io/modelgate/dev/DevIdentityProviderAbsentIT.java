package io.modelgate.dev;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.restassured.RestAssured.given;

/** The packaged application has no stand-in identity provider: nobody can mint tokens or sign in through /dev. */
@QuarkusIntegrationTest
class DevIdentityProviderAbsentIT {

    @ParameterizedTest
    @ValueSource(strings = {"/dev/token?user=x&roles=proxy_admin", "/dev/jwks",
            "/dev/authorize?client_id=modelgate-ui&redirect_uri=http://localhost:1/admin&user=ada"})
    void devEndpointsDoNotExist(String path) {
        given().redirects().follow(false).when().get(path).then().statusCode(404);
    }

    @Test
    void theDevTokenEndpointTakesNoPostsEither() {
        given().contentType("application/x-www-form-urlencoded").body("grant_type=authorization_code&code=x")
                .when().post("/dev/code-token").then().statusCode(404);
    }
}
