package io.modelgate.testing;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database of its own on the local PostgreSQL, migrated as far as an earlier release went, for a migration test to
 * fill as that release would have and then migrate to the latest version. Closing it drops it.
 */
public final class ReleaseDatabase implements AutoCloseable {

    private final String name = PostgresDatabase.createDatabase();
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    private ReleaseDatabase() {
        dataSource.setUrl(PostgresDatabase.jdbcUrl(name));
        dataSource.setUser(PostgresDatabase.USER);
    }

    /** A database with the migrations up to {@code version} applied. */
    public static ReleaseDatabase at(String version) {
        ReleaseDatabase database = new ReleaseDatabase();
        database.migrateTo(MigrationVersion.fromVersion(version));
        return database;
    }

    /** Applies every migration since. */
    public void migrateToLatest() {
        migrateTo(MigrationVersion.LATEST);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code statements} as the earlier release would have written its rows. */
    public void sql(String statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(statements);
        }
    }

    private void migrateTo(MigrationVersion target) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(target).load().migrate();
    }

    @Override
    public void close() {
        PostgresDatabase.dropDatabase(name);
    }
}
