package io.modelgate.snapshot;

import io.agroal.api.AgroalDataSource;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * A change committed to the policy store, by whatever writer, reaches the data plane without a restart:
 * the snapshot is rebuilt and swapped when the policy version moves.
 */
@QuarkusTest
class PolicyPropagationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRevokedPermissionIsEnforcedAndARestoredOneServedAgain() throws SQLException {
        String dana = TestIdentityProvider.current().tokenWithRoles("dana", "ds-team");
        awaitStatus(dana, 200);
        sql("update policy_object set body = jsonb_set(body, '{models}', (body->'models') - 'tag:premium')"
                + " where kind = 'permission' and name = 'data_science'");
        try {
            awaitStatus(dana, 403);
        } finally {
            sql("update policy_object set body = jsonb_set(body, '{models}', (body->'models') || '\"tag:premium\"')"
                    + " where kind = 'permission' and name = 'data_science'");
        }
        awaitStatus(dana, 200);
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private static void awaitStatus(String token, int status) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body("{\"model\":\"premium-chat\",\"messages\":[]}")
                        .when().post("/v1/chat/completions").then().statusCode(status));
    }
}
