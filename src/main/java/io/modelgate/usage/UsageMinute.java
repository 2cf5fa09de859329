package io.modelgate.usage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.annotations.SQLInsert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;

/**
 * What one caller used of one model in one minute ({@code usage_minute}), by the gateway role credited, the deployment
 * that answered, the endpoint, the status class and the outcome ({@code ok}, {@code upstream_error}, {@code aborted},
 * or the code the gateway refused the call with): the sums of every replica. Only model calls are rows: a refused one
 * counts as a refusal ({@code refused_requests}), never as a request or as a call of unknown usage. A replica writes the sums it has gathered
 * since its last write; writing adds them to what is there ({@code insert … on conflict do update}, the one statement
 * the ORM cannot say), so replicas never overwrite each other.
 */
@Entity
@Table(name = "usage_minute")
@SQLInsert(sql = """
        insert into usage_minute (cache_write_input_tokens, cached_input_tokens, cost_usd, input_tokens, output_tokens,
            reasoning_tokens, refused_requests, requests, unknown_usage_requests, minute, issuer, subject, role, model, deployment, endpoint,
            status_class, outcome)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        on conflict (minute, subject, issuer, model, role, deployment, endpoint, status_class, outcome) do update set
            requests = usage_minute.requests + excluded.requests,
            refused_requests = usage_minute.refused_requests + excluded.refused_requests,
            unknown_usage_requests = usage_minute.unknown_usage_requests + excluded.unknown_usage_requests,
            input_tokens = usage_minute.input_tokens + excluded.input_tokens,
            cached_input_tokens = usage_minute.cached_input_tokens + excluded.cached_input_tokens,
            cache_write_input_tokens = usage_minute.cache_write_input_tokens + excluded.cache_write_input_tokens,
            output_tokens = usage_minute.output_tokens + excluded.output_tokens,
            reasoning_tokens = usage_minute.reasoning_tokens + excluded.reasoning_tokens,
            cost_usd = usage_minute.cost_usd + excluded.cost_usd""")
public class UsageMinute extends PanacheEntityBase {

    /** Which row: the minute and who used what, where. The issuer and deployment are {@code ""} when there was none. */
    @Embeddable
    public record Key(@NotNull Instant minute, @NotNull @Size(max = 2000) String issuer, @NotNull @Size(max = 300) String subject,
            @NotNull @Size(max = 300) String role, @NotNull @Size(max = 300) String model, @NotNull @Size(max = 300) String deployment,
            @NotNull @Size(max = 100) String endpoint, short statusClass, @NotNull @Size(max = 100) String outcome) {

        /** The order rows are written in, the same on every replica, so two replicas' batches never wait for each other in a circle. */
        static final Comparator<Key> WRITE_ORDER = Comparator.comparing(Key::minute).thenComparing(Key::subject)
                .thenComparing(Key::issuer).thenComparing(Key::model).thenComparing(Key::role).thenComparing(Key::deployment)
                .thenComparing(Key::endpoint).thenComparingInt(Key::statusClass).thenComparing(Key::outcome);
    }

    @EmbeddedId
    @Valid
    public Key key;
    public long requests;
    public long refusedRequests;
    public long unknownUsageRequests;
    public long inputTokens;
    public long cachedInputTokens;
    public long cacheWriteInputTokens;
    public long outputTokens;
    public long reasoningTokens;
    @NotNull
    public BigDecimal costUsd = BigDecimal.ZERO;

    /** One metered call as a row of its own, to be added to its minute's. */
    static UsageMinute of(UsageRecord record) {
        UsageMinute row = new UsageMinute();
        row.key = new Key(Instant.ofEpochSecond(record.endedAtMillis() / 60_000 * 60), orEmpty(record.issuer()), record.subject(),
                record.role(), record.model(), orEmpty(record.deployment()), record.endpoint(), (short) (record.status() / 100), record.outcome());
        if (record.refused()) {
            row.refusedRequests = 1;
            return row;
        }
        row.requests = 1;
        TokenUsage usage = record.usage();
        if (usage == null) {
            // a warning sign worth watching: an answered call whose upstream said nothing of its tokens
            row.unknownUsageRequests = record.status() / 100 == 2 ? 1 : 0;
        } else {
            row.inputTokens = usage.input();
            row.cachedInputTokens = usage.cachedInput();
            row.cacheWriteInputTokens = usage.cacheWriteInput();
            row.outputTokens = usage.output();
            row.reasoningTokens = usage.reasoning();
        }
        row.costUsd = BigDecimal.valueOf(record.costUsd());
        return row;
    }

    /** Adds another row's sums to this one's. */
    void add(UsageMinute other) {
        requests += other.requests;
        refusedRequests += other.refusedRequests;
        unknownUsageRequests += other.unknownUsageRequests;
        inputTokens += other.inputTokens;
        cachedInputTokens += other.cachedInputTokens;
        cacheWriteInputTokens += other.cacheWriteInputTokens;
        outputTokens += other.outputTokens;
        reasoningTokens += other.reasoningTokens;
        costUsd = costUsd.add(other.costUsd);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
