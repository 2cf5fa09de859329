package io.modelgate.usage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.ZoneId;

/** Usage metering ({@code modelgate.usage.*}). */
@ConfigMapping(prefix = "modelgate.usage")
public interface UsageConfig {

    /**
     * Read the usage each answer reports and store it (aggregates in PostgreSQL, {@code modelgate_tokens_total} and
     * {@code modelgate_cost_usd_total}). Off: calls are still counted, timed and access-logged, without tokens.
     */
    @WithDefault("true")
    boolean enabled();

    /** How often each replica writes its usage aggregates. */
    @WithDefault("10s")
    Duration flushInterval();

    /**
     * Aggregate rows (caller × model × role × deployment × endpoint × status class × minute) a replica keeps while
     * they wait to be written, as when the database is down; calls beyond are counted in
     * {@code modelgate_usage_dropped_total}, not stored.
     */
    @WithDefault("50000")
    int maxPendingRows();

    /** How long usage aggregates are kept. */
    @WithDefault("400d")
    Duration retention();

    /** How often aggregates older than the retention are deleted. */
    @WithDefault("1h")
    Duration pruneInterval();

    /** The time zone of calendar days, weeks and months (usage by day, budgets). */
    @WithDefault("UTC")
    ZoneId timeZone();
}
