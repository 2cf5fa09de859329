package io.modelgate.snapshot;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Kubernetes probes: live always, ready once a policy snapshot is loaded (and it says which). */
@QuarkusTest
class HealthTest {

    @Test
    void readyReportsTheLoadedPolicy() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("policy-snapshot"))
                .body("checks.find { it.name == 'policy-snapshot' }.data.version", greaterThan(0))
                .body("checks.find { it.name == 'policy-snapshot' }.data.models", greaterThan(10));
    }

    @Test
    void liveIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }
}
