package io.modelgate.control;

import io.modelgate.testing.GatewayProcess;
import io.modelgate.testing.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
            ProcessBuilder builder = new ProcessBuilder(GatewayProcess.command(Map.of("quarkus.http.port", "0",
                    "quarkus.datasource.jdbc.url", PostgresDatabase.jdbcUrl(database))))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("MODELGATE_BOOTSTRAP_LITELLM_CONFIG", config.toString());
            Process app = builder.start();
            boolean exited = app.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                app.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(exited, "the application should have stopped:\n" + output);
            assertNotEquals(0, app.exitValue());
            assertTrue(output.contains("general_settings.role_permissions[0].role"), output);
            assertTrue(output.contains("unknown gateway role 'no_such_role'"), output);
        } finally {
            PostgresDatabase.dropDatabase(database);
        }
    }
}
