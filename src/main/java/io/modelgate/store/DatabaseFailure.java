package io.modelgate.store;

import jakarta.validation.ConstraintViolationException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** What a failed database call means for whoever made it. */
public enum DatabaseFailure {
    /** PostgreSQL cannot be reached (down, restarting, no connection to be had): nothing was read or changed; try later. */
    UNREACHABLE,
    /** The database refused the values themselves (too long, a constraint): trying again changes nothing. */
    REFUSED_VALUES,
    /** Anything else. */
    OTHER;

    public static DatabaseFailure of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return UNREACHABLE;
            }
            if (t instanceof ConstraintViolationException) {
                return REFUSED_VALUES;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                // 08: connection exception; 57P01-03: the server shutting down or restarting
                if (state.startsWith("08") || state.startsWith("57P") || sql.getMessage() != null && sql.getMessage().contains("acquisition timeout")) {
                    return UNREACHABLE;
                }
                // 22: data exception (a value too long, out of range); 23: integrity constraint violation
                if (state.startsWith("22") || state.startsWith("23")) {
                    return REFUSED_VALUES;
                }
            }
        }
        return OTHER;
    }

    /** Whether {@code failure} means the database could not be reached. */
    public static boolean unreachable(Throwable failure) {
        return of(failure) == UNREACHABLE;
    }
}
