package io.modelgate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database of its own on the local PostgreSQL server (127.0.0.1:5432, user postgres) for each
 * application start; Flyway migrates it at start-up and it is dropped afterwards.
 */
public class PostgresDatabase implements QuarkusTestResourceLifecycleManager {

    public static final String HOST = System.getProperty("modelgate.test.pg.host", "127.0.0.1");
    public static final int PORT = Integer.getInteger("modelgate.test.pg.port", 5432);
    public static final String USER = "postgres";

    private String name;

    @Override
    public Map<String, String> start() {
        name = createDatabase();
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl(name),
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        if (name != null) {
            dropDatabase(name);
        }
    }

    /** Creates an empty database with a unique name and returns the name. */
    public static String createDatabase() {
        String database = "modelgate_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("create database " + database);
        return database;
    }

    public static void dropDatabase(String database) {
        execute("drop database if exists " + database + " with (force)");
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " is needed for the tests: " + e.getMessage(), e);
        }
    }
}
