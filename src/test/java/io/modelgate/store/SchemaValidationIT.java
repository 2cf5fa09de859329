package io.modelgate.store;

import io.modelgate.testing.GatewayProcess;
import io.modelgate.testing.PostgresDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The entities and the schema Flyway made must agree: a database changed by hand under the gateway (here a column's
 * type) stops the start, naming the table and column, instead of failing call by call later.
 */
class SchemaValidationIT {

    @TempDir
    Path dir;

    @Test
    void aSchemaThatDisagreesWithTheEntitiesStopsTheStartNamingTheColumn() throws Exception {
        String database = PostgresDatabase.createDatabase();
        try {
            String url = PostgresDatabase.jdbcUrl(database);
            Flyway.configure().dataSource(url, PostgresDatabase.USER, "").locations("classpath:db/migration").load().migrate();
            try (Connection connection = DriverManager.getConnection(url, PostgresDatabase.USER, "");
                    Statement statement = connection.createStatement()) {
                statement.execute("alter table usage_minute alter column requests type text");
            }
            GatewayProcess.Exit exit = GatewayProcess.runExpectingExit(Map.of("quarkus.datasource.jdbc.url", url), Map.of(),
                    dir.resolve("app.log"));
            assertTrue(exit.exited(), "the application should have stopped:\n" + exit.output());
            assertNotEquals(0, exit.code());
            assertTrue(exit.output().contains("[requests]") && exit.output().contains("[usage_minute]"), exit.output());
        } finally {
            PostgresDatabase.dropDatabase(database);
        }
    }
}
