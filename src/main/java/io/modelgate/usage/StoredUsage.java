package io.modelgate.usage;

import io.modelgate.store.Sql;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the usage aggregates every replica writes. Blocking: for the admin API and the UI, never the data plane. */
@Singleton
public class StoredUsage {

    private final Sql sql;

    StoredUsage(Sql sql) {
        this.sql = sql;
    }

    /** What was spent. */
    public record Spent(double usd, long tokens) {
    }

    /**
     * What was spent on {@code models} since {@code from}: by all callers credited with {@code role}, or (role null) by
     * one caller. Tokens are input plus output, as budgets count them.
     */
    public Spent spent(java.time.Instant from, List<String> models, String role, String issuer, String subject) {
        String who = role != null ? "role = ?" : "issuer = ? and subject = ?";
        Object[] parameters = role != null ? new Object[] {from, models.toArray(String[]::new), role}
                : new Object[] {from, models.toArray(String[]::new), issuer == null ? "" : issuer, subject == null ? "" : subject};
        return sql.queryOne("select coalesce(sum(cost_usd), 0) as usd, coalesce(sum(input_tokens + output_tokens), 0) as tokens"
                + " from usage_minute where minute >= ? and model = any(?::varchar[]) and " + who,
                row -> new Spent(row.getBigDecimal("usd").doubleValue(), row.getLong("tokens")), parameters);
    }

    /** What one caller spent. */
    public record CallerSpent(String issuer, String subject, Spent spent) {
    }

    /**
     * Of the callers credited with {@code role} since {@code from} (or, role null, the callers named {@code subject}
     * under any issuer), the one who spent the most on {@code models} since then, in US dollars or in tokens: what
     * a per-caller budget counts, whatever role each call was credited to.
     */
    public java.util.Optional<CallerSpent> topSpender(java.time.Instant from, List<String> models, String role, String subject,
            boolean inUsd) {
        String who = role != null ? "role = ?" : "subject = ?";
        List<CallerSpent> top = sql.query("select issuer, subject, coalesce(sum(cost_usd), 0) as usd,"
                + " coalesce(sum(input_tokens + output_tokens), 0) as tokens from usage_minute where minute >= ? and model = any(?::varchar[])"
                + " and (issuer, subject) in (select issuer, subject from usage_minute where minute >= ? and " + who + ")"
                + " group by issuer, subject order by " + (inUsd ? "usd" : "tokens") + " desc, subject limit 1",
                row -> new CallerSpent(row.getString("issuer"), row.getString("subject"),
                        new Spent(row.getBigDecimal("usd").doubleValue(), row.getLong("tokens"))),
                from, models.toArray(String[]::new), from, role != null ? role : subject);
        return top.stream().findFirst();
    }

    /** The rows a query asks for: its dimensions, then its sums, by name. */
    public List<Map<String, Object>> rows(UsageQuery query) {
        return sql.query(query.sql(), row -> row(row, query), query.parameters());
    }

    private static Map<String, Object> row(ResultSet row, UsageQuery query) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String dimension : query.groupBy()) {
            values.put(dimension, row.getObject(dimension));
        }
        for (String sum : UsageQuery.SUMS) {
            Object value = row.getObject(sum);
            if (sum.equals("cost_usd")) {
                values.put(sum, value == null ? BigDecimal.ZERO : ((BigDecimal) value).stripTrailingZeros());
            } else {
                values.put(sum, value == null ? 0L : ((Number) value).longValue());
            }
        }
        return values;
    }
}
