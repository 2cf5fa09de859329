package io.modelgate.snapshot;

import io.agroal.api.AgroalDataSource;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * With the periodic version check pushed out to an hour, a committed change still reaches the data
 * plane within a second: the database's change notice (LISTEN/NOTIFY) triggers the reload.
 */
@QuarkusTest
@TestProfile(PolicyChangeNoticeTest.NoticesOnly.class)
class PolicyChangeNoticeTest {

    public static class NoticesOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("modelgate.policy.version-check-interval", "1h");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aCommittedChangeIsServedWithinASecond() throws SQLException {
        String dana = TestIdentityProvider.current().tokenWithRoles("dana", "ds-team");
        status(dana, 200, Duration.ofSeconds(5));
        sql("update policy_object set body = jsonb_set(body, '{models}', (body->'models') - 'tag:premium')"
                + " where kind = 'permission' and name = 'data_science'");
        status(dana, 403, Duration.ofSeconds(1));
        sql("update policy_object set body = jsonb_set(body, '{models}', (body->'models') || '\"tag:premium\"')"
                    + " where kind = 'permission' and name = 'data_science'");
        status(dana, 200, Duration.ofSeconds(1));
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private static void status(String token, int status, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body("{\"model\":\"premium-chat\",\"messages\":[]}")
                        .when().post("/v1/chat/completions").then().statusCode(status));
    }
}
