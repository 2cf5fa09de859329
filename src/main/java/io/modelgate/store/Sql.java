package io.modelgate.store;

import javax.sql.DataSource;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Statements on the policy database. Inside a transaction ({@code @Transactional}) every statement runs on the
 * transaction's one connection, which the datasource enlists, so an advisory lock taken by one holds for the rest.
 * A failure to reach the database surfaces as {@link StoreUnavailableException}.
 */
@Singleton
public class Sql {

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final DataSource dataSource;

    Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> List<T> query(String sql, Rows<T> rows, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet result = statement.executeQuery()) {
            List<T> read = new ArrayList<>();
            while (result.next()) {
                read.add(rows.read(result));
            }
            return read;
        } catch (SQLException e) {
            throw StoreUnavailableException.orFailure(e);
        }
    }

    public <T> T queryOne(String sql, Rows<T> rows, Object... parameters) {
        List<T> read = query(sql, rows, parameters);
        if (read.size() != 1) {
            throw new IllegalStateException("expected one row from " + sql + ", got " + read.size());
        }
        return read.get(0);
    }

    public int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw StoreUnavailableException.orFailure(e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i] instanceof Instant instant ? Timestamp.from(instant) : parameters[i]);
        }
        return statement;
    }

    /** A timestamp column as an Instant. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
