package io.modelgate.limits;

import io.modelgate.usage.UsageConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;

/** This replica's limit counters ({@link LimitBook}), held in memory. */
@Singleton
public class Limits {

    private static final Logger LOG = Logger.getLogger(Limits.class);

    private final LimitBook book;

    Limits(UsageConfig usage) {
        this.book = new LimitBook(Clock.systemUTC(), usage.timeZone());
    }

    void start(@Observes StartupEvent start) {
        LOG.info("Limits are held in this replica's memory: each replica counts its own calls, so N replicas admit up to N times a limit");
    }

    public LimitBook book() {
        return book;
    }
}
