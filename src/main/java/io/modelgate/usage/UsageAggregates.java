package io.modelgate.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelgate.store.Sql;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sums metered calls per minute and caller × model × role × deployment × endpoint × status class, and writes the
 * sums to PostgreSQL every {@code flush-interval} in one statement that adds them to what other replicas wrote
 * ({@code on conflict do update}). Off the request path: the record thread adds, a worker writes. While the
 * database cannot be written the sums stay here and are written when it can: at most {@code max-pending-rows} of
 * them; calls that would need another row are counted in {@code modelgate_usage_dropped_total} and logged, not
 * silently lost. Whatever is pending at shutdown is written then.
 */
@Singleton
public class UsageAggregates implements UsageRecord.Sink {

    private static final Logger LOG = Logger.getLogger(UsageAggregates.class);
    private static final String UPSERT = """
            insert into usage_minute (minute, issuer, subject, role, model, deployment, endpoint, status_class, requests,
                unknown_usage_requests, input_tokens, cached_input_tokens, cache_write_input_tokens, output_tokens,
                reasoning_tokens, cost_usd)
            select to_timestamp(m), i, s, r, mo, d, e, c, n, u, it, ct, wt, ot, rt, cost::numeric
            from unnest(?::int8[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::int2[],
                ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::float8[])
                as t(m, i, s, r, mo, d, e, c, n, u, it, ct, wt, ot, rt, cost)
            on conflict (minute, subject, issuer, model, role, deployment, endpoint, status_class) do update set
                requests = usage_minute.requests + excluded.requests,
                unknown_usage_requests = usage_minute.unknown_usage_requests + excluded.unknown_usage_requests,
                input_tokens = usage_minute.input_tokens + excluded.input_tokens,
                cached_input_tokens = usage_minute.cached_input_tokens + excluded.cached_input_tokens,
                cache_write_input_tokens = usage_minute.cache_write_input_tokens + excluded.cache_write_input_tokens,
                output_tokens = usage_minute.output_tokens + excluded.output_tokens,
                reasoning_tokens = usage_minute.reasoning_tokens + excluded.reasoning_tokens,
                cost_usd = usage_minute.cost_usd + excluded.cost_usd""";

    /** One aggregate row's identity. */
    record Key(long minute, String issuer, String subject, String role, String model, String deployment, String endpoint,
            int statusClass) {
    }

    /** One aggregate row's sums. */
    static final class Sums {
        long requests;
        long unknown;
        long input;
        long cached;
        long cacheWrite;
        long output;
        long reasoning;
        double cost;

        void add(UsageRecord record) {
            requests++;
            TokenUsage usage = record.usage();
            if (usage == null) {
                unknown++;
            } else {
                input += usage.input();
                cached += usage.cachedInput();
                cacheWrite += usage.cacheWriteInput();
                output += usage.output();
                reasoning += usage.reasoning();
            }
            cost += record.costUsd();
        }

        void add(Sums other) {
            requests += other.requests;
            unknown += other.unknown;
            input += other.input;
            cached += other.cached;
            cacheWrite += other.cacheWrite;
            output += other.output;
            reasoning += other.reasoning;
            cost += other.cost;
        }
    }

    private final Sql sql;
    private final Vertx vertx;
    private final UsageConfig config;
    private final Counter dropped;
    private final AtomicBoolean writing = new AtomicBoolean();
    private Map<Key, Sums> pending = new HashMap<>();
    /** Written by the flushing worker and read by whoever drops: a warning once per outage, not per call. */
    private volatile boolean droppingLogged;
    private boolean failing;
    private long flushTimer = -1;
    private long pruneTimer = -1;

    UsageAggregates(Sql sql, Vertx vertx, UsageConfig config, MeterRegistry registry) {
        this.sql = sql;
        this.vertx = vertx;
        this.config = config;
        this.dropped = Counter.builder("modelgate.usage.dropped")
                .description("Metered calls not stored because too many usage rows were waiting for the database")
                .register(registry);
    }

    void start(@Observes StartupEvent start) {
        if (!config.enabled()) {
            return;
        }
        flushTimer = vertx.setPeriodic(config.flushInterval().toMillis(), id -> {
            if (writing.compareAndSet(false, true)) {
                vertx.executeBlocking(() -> {
                    try {
                        flush();
                    } finally {
                        writing.set(false);
                    }
                    return null;
                }, false);
            }
        });
        pruneTimer = vertx.setPeriodic(config.pruneInterval().toMillis(), id -> vertx.executeBlocking(this::prune, false));
    }

    void stop(@Observes ShutdownEvent stop) {
        vertx.cancelTimer(flushTimer);
        vertx.cancelTimer(pruneTimer);
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warnf("Usage of the last %s could not be written at shutdown: %s", config.flushInterval(), e.getMessage());
        }
    }

    @Override
    public void accept(List<UsageRecord> batch) {
        if (!config.enabled()) {
            return;
        }
        synchronized (this) {
            for (UsageRecord record : batch) {
                if (!record.metered()) {
                    continue;
                }
                Key key = new Key(record.endedAtMillis() / 60_000 * 60, orEmpty(record.issuer()), record.subject(), record.role(),
                        record.model(), orEmpty(record.deployment()), record.endpoint(), record.status() / 100);
                Sums sums = pending.get(key);
                if (sums == null) {
                    if (pending.size() >= config.maxPendingRows()) {
                        drop(1);
                        continue;
                    }
                    sums = new Sums();
                    pending.put(key, sums);
                }
                sums.add(record);
            }
        }
    }

    /** Writes what is pending; on failure it stays pending, merged with what arrives meanwhile. Not under the lock: adding goes on. */
    void flush() {
        Map<Key, Sums> rows = take();
        if (rows.isEmpty()) {
            return;
        }
        try {
            write(rows);
        } catch (RuntimeException e) {
            putBack(rows);
            if (!failing) {
                failing = true;
                LOG.warnf("Usage could not be written (%s); %d rows are kept and written once the database is back", e.getMessage(),
                        rows.size());
            }
            throw e;
        }
        if (failing) {
            failing = false;
            LOG.info("Usage is written again");
        }
    }

    private synchronized Map<Key, Sums> take() {
        Map<Key, Sums> rows = pending;
        pending = new HashMap<>();
        return rows;
    }

    private synchronized void putBack(Map<Key, Sums> rows) {
        Map<Key, Sums> newer = pending;
        pending = rows;
        newer.forEach((key, sums) -> {
            Sums existing = pending.get(key);
            if (existing != null) {
                existing.add(sums);
            } else if (pending.size() < config.maxPendingRows()) {
                pending.put(key, sums);
            } else {
                drop(sums.requests);
            }
        });
    }

    private void drop(long calls) {
        dropped.increment(calls);
        if (!droppingLogged) {
            droppingLogged = true;
            LOG.warnf("%d usage rows are waiting for the database; usage of further calls is not stored (modelgate_usage_dropped_total)",
                    config.maxPendingRows());
        }
    }

    private void write(Map<Key, Sums> rows) {
        int n = rows.size();
        long[] minutes = new long[n];
        String[] issuers = new String[n];
        String[] subjects = new String[n];
        String[] roles = new String[n];
        String[] models = new String[n];
        String[] deployments = new String[n];
        String[] endpoints = new String[n];
        short[] classes = new short[n];
        long[] requests = new long[n];
        long[] unknown = new long[n];
        long[] input = new long[n];
        long[] cached = new long[n];
        long[] cacheWrite = new long[n];
        long[] output = new long[n];
        long[] reasoning = new long[n];
        double[] cost = new double[n];
        int i = 0;
        for (Map.Entry<Key, Sums> row : rows.entrySet()) {
            Key key = row.getKey();
            Sums sums = row.getValue();
            minutes[i] = key.minute();
            issuers[i] = key.issuer();
            subjects[i] = key.subject();
            roles[i] = key.role();
            models[i] = key.model();
            deployments[i] = key.deployment();
            endpoints[i] = key.endpoint();
            classes[i] = (short) key.statusClass();
            requests[i] = sums.requests;
            unknown[i] = sums.unknown;
            input[i] = sums.input;
            cached[i] = sums.cached;
            cacheWrite[i] = sums.cacheWrite;
            output[i] = sums.output;
            reasoning[i] = sums.reasoning;
            cost[i] = sums.cost;
            i++;
        }
        sql.update(UPSERT, minutes, issuers, subjects, roles, models, deployments, endpoints, classes, requests, unknown, input, cached,
                cacheWrite, output, reasoning, cost);
        droppingLogged = false;
    }

    private Void prune() {
        try {
            int deleted = sql.update("delete from usage_minute where minute < now() - make_interval(secs => ?)",
                    (double) config.retention().toSeconds());
            LOG.debugf("Pruned %d usage rows older than %s", deleted, config.retention());
        } catch (RuntimeException e) {
            LOG.debugf("Usage rows could not be pruned: %s", e.getMessage());
        }
        return null;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
