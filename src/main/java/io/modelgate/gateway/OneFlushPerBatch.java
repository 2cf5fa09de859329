package io.modelgate.gateway;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.handlers.WriterHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * Lets a batch of log records reach the console (or a log file) with one write at its end rather than one per
 * record: while it is open, the writing handlers a logger's records go to do not flush after each record. Flushing
 * was two thirds of what the log manager spent on an access log line (a {@code write} system call per line). Lines
 * other threads log meanwhile wait for the batch's end too, microseconds later. A handler configured not to flush
 * after each record is left as it is.
 */
final class OneFlushPerBatch implements AutoCloseable {

    private final List<ExtHandler> paused;

    private OneFlushPerBatch(List<ExtHandler> paused) {
        this.paused = paused;
    }

    /** Pauses the flushing of the writing handlers {@code logger}'s records reach now (handlers can be reconfigured). */
    static OneFlushPerBatch of(Logger logger) {
        List<ExtHandler> writers = new ArrayList<>(2);
        for (Logger at = logger; at != null; at = at.getUseParentHandlers() ? at.getParent() : null) {
            for (Handler handler : at.getHandlers()) {
                collect(handler, writers);
            }
        }
        writers.forEach(writer -> writer.setAutoFlush(false));
        return new OneFlushPerBatch(writers);
    }

    private static void collect(Handler handler, List<ExtHandler> writers) {
        if (handler instanceof WriterHandler writer && writer.isAutoFlush() && !writers.contains(writer)) {
            writers.add(writer);
        }
        if (handler instanceof ExtHandler nesting) { // Quarkus's delayed handler, an async handler: the writers are inside
            for (Handler nested : nesting.getHandlers()) {
                collect(nested, writers);
            }
        }
    }

    /** Flushes each paused handler once, and has it flush after every record again. */
    @Override
    public void close() {
        paused.forEach(writer -> writer.setAutoFlush(true));
    }
}
