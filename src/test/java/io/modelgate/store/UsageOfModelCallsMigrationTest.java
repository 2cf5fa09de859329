package io.modelgate.store;

import io.modelgate.testing.ReleaseDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * After the upgrade to usage of model calls only, what earlier releases stored under model "none" (model listings,
 * {@code /v1/me}) is gone, refused calls are refusals rather than requests of unknown usage, and model usage is kept.
 */
class UsageOfModelCallsMigrationTest {

    private ReleaseDatabase database;

    @BeforeEach
    void databaseOfThePreviousRelease() {
        database = ReleaseDatabase.at("10");
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void listingsAreNoLongerUsageAndRefusalsAreRefusals() throws SQLException {
        String columns = "insert into usage_minute (minute, issuer, subject, role, model, deployment, endpoint, status_class, requests,"
                + " unknown_usage_requests, input_tokens, cached_input_tokens, cache_write_input_tokens, output_tokens, reasoning_tokens, cost_usd) values ";
        database.sql(columns + """
                    ('2026-11-01T10:00Z', 'idp', 'alice', 'internal_user', 'none', '', 'models', 2, 3, 3, 0, 0, 0, 0, 0, 0),
                    ('2026-11-01T10:00Z', 'idp', 'alice', 'internal_user', 'none', '', 'me', 2, 1, 1, 0, 0, 0, 0, 0, 0),
                    ('2026-11-01T10:00Z', 'idp', 'alice', 'internal_user', 'gpt-4o', 'openai#1', 'responses.retrieve', 2, 1, 1, 0, 0, 0, 0, 0, 0),
                    ('2026-11-01T10:00Z', 'idp', 'alice', 'none', 'other', '', 'chat', 4, 1, 1, 0, 0, 0, 0, 0, 0),
                    ('2026-11-01T10:00Z', 'idp', 'alice', 'internal_user', 'gpt-4o', 'openai#1', 'chat', 2, 5, 0, 500, 0, 0, 50, 0, 0.01),
                    ('2026-11-01T10:00Z', 'idp', 'alice', 'internal_user', 'gpt-4o', 'openai#1', 'chat', 5, 2, 2, 0, 0, 0, 0, 0, 0)""");
        database.migrateToLatest();

        List<String> rows = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select model, endpoint, status_class, outcome, requests, refused_requests,"
                        + " unknown_usage_requests, input_tokens from usage_minute order by model, status_class")) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getString(2) + " " + result.getInt(3) + " " + result.getString(4) + " "
                        + result.getLong(5) + " " + result.getLong(6) + " " + result.getLong(7) + " " + result.getLong(8));
            }
        }
        assertEquals(List.of(
                "gpt-4o chat 2 ok 5 0 0 500",
                "gpt-4o chat 5 upstream_error 2 0 0 0",
                "other chat 4 refused 0 1 0 0"), rows);
    }
}
