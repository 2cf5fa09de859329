package io.modelgate.control;

import io.modelgate.testing.GatewayProcess;
import io.modelgate.testing.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged application refuses to start on a bad bootstrap file, saying which field is wrong. */
class BootstrapFailureIT {

    @TempDir
    Path dir;

    @Test
    void theApplicationExitsNamingTheBadField() throws Exception {
        Path config = Files.writeString(dir.resolve("litellm.yaml"), """
                general_settings:
                  role_permissions:
                    - role: no_such_role
                      models: ["x"]
                """);
        Path log = dir.resolve("app.log");
        String database = PostgresDatabase.createDatabase();
        try {
            GatewayProcess.Exit exit = GatewayProcess.runExpectingExit(Map.of("quarkus.datasource.jdbc.url", PostgresDatabase.jdbcUrl(database)),
                    Map.of("MODELGATE_BOOTSTRAP_LITELLM_CONFIG", config.toString()), log);
            assertTrue(exit.exited(), "the application should have stopped:\n" + exit.output());
            assertNotEquals(0, exit.code());
            assertTrue(exit.output().contains("general_settings.role_permissions[0].role"), exit.output());
            assertTrue(exit.output().contains("unknown gateway role 'no_such_role'"), exit.output());
        } finally {
            PostgresDatabase.dropDatabase(database);
        }
    }
}
