package io.modelgate.limits;

import io.modelgate.policy.Limit;
import io.modelgate.usage.StoredUsage;
import io.modelgate.usage.UsageConfig;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * This replica's limit counters ({@link LimitBook}), held in memory; a budget's spending before a counter existed (a
 * restart, a new period) is read back from the stored usage of every replica.
 */
@Singleton
public class Limits {

    private static final Logger LOG = Logger.getLogger(Limits.class);

    private final LimitBook book;

    Limits(UsageConfig usage, Vertx vertx, StoredUsage stored) {
        this.book = new LimitBook(Clock.systemUTC(), usage.timeZone(), (rule, caller, periodStart, spent) ->
                vertx.executeBlocking(() -> stored.spent(periodStart, rule.models(), rule.scope() == Limit.Scope.ROLE ? rule.role() : null,
                        caller.issuer(), caller.subject()), false)
                        .onSuccess(sums -> spent.add(sums.usd(), sums.tokens()))
                        .onFailure(e -> {
                            LOG.warnf("What limit '%s' spent before this replica counted it could not be read (%s); it counts from now",
                                    rule.name(), e.getMessage());
                            spent.add(0, 0);
                        }));
    }

    public LimitBook book() {
        return book;
    }
}
