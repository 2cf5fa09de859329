package io.modelgate.testing;

import org.jboss.logmanager.ExtLogRecord;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every log line the application writes while it is open (root JUL logger, which JBoss Logging feeds),
 * formatted with its parameters and any exception: for asserting what never appears in a log.
 */
public final class LogCapture implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            // every parameter in place (printf or MessageFormat style), and the MDC fields, so a search of the
            // lines sees all that a log handler could write
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() + " " + ext.getMdcCopy()
                    : new SimpleFormatter().formatMessage(record);
            lines.add(record.getLevel() + " " + record.getLoggerName() + " " + message
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public LogCapture() {
        Logger.getLogger("").addHandler(handler);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
    }
}
