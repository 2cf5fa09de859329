package io.modelgate.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** The policy store (PostgreSQL) cannot be reached: nothing was read or changed. */
public class StoreUnavailableException extends RuntimeException {

    StoreUnavailableException(SQLException cause) {
        super("the policy store is unreachable: " + cause.getMessage(), cause);
    }

    /** The database being unreachable as such; any other SQL failure as a failure of the statement. */
    static RuntimeException orFailure(SQLException e) {
        return unreachable(e) ? new StoreUnavailableException(e) : new IllegalStateException("a policy store statement failed", e);
    }

    /** Whether a failure (or one of its causes) means the database cannot be reached. */
    public static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailableException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getSQLState() != null && sql.getSQLState().startsWith("08")
                    || sql.getMessage() != null && sql.getMessage().contains("acquisition timeout"))) {
                return true;
            }
        }
        return false;
    }
}
