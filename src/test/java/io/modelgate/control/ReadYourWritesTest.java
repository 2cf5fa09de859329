package io.modelgate.control;

import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.modelgate.testing.GatewayCalls.chat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * With neither change notices nor version checks to carry it, a change made through this replica's admin API is
 * served by this replica as soon as the API has answered: the data plane and explain see it on the very next call.
 */
@QuarkusTest
@TestProfile(ReadYourWritesTest.NoNoticesNoChecks.class)
class ReadYourWritesTest {

    public static class NoNoticesNoChecks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("modelgate.policy.listen", "false", "modelgate.policy.version-check-interval", "1h");
        }
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("alice-admin", "proxy_admin"))
                .contentType(ContentType.JSON);
    }

    @Test
    void aChangeIsServedHereWhenTheAdminApiAnswers() {
        String dana = TestIdentityProvider.current().tokenWithRoles("dana", "ds-team");
        chat(dana, "premium-chat").statusCode(200);
        Response before = admin().when().get("/admin/api/permissions/data_science");
        String granted = before.then().statusCode(200).extract().body().asString();

        admin().body("{\"models\": [\"ds-*\"]}").when().put("/admin/api/permissions/data_science").then().statusCode(200);
        chat(dana, "premium-chat").statusCode(403);
        admin().body("{\"idp_roles\": [\"ds-team\"], \"model\": \"premium-chat\"}").when().post("/admin/api/explain")
                .then().statusCode(200).body("decision.allowed", equalTo(false));

        admin().body(granted).when().put("/admin/api/permissions/data_science").then().statusCode(200);
        chat(dana, "premium-chat").statusCode(200);
    }
}
