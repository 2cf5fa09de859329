package io.modelgate.usage;

import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** Reads the usage aggregates every replica writes. Blocking: for the admin API and the UI, never the data plane. */
@Singleton
public class StoredUsage {

    /** What was spent. */
    public record Spent(double usd, long tokens) {
    }

    /** What one caller spent. */
    public record CallerSpent(String issuer, String subject, Spent spent) {
    }

    /**
     * What was spent on {@code models} since {@code from}: by all callers credited with {@code role}, or (role null) by
     * one caller. Tokens are input plus output, as budgets count them.
     */
    @Transactional
    public Spent spent(Instant from, List<String> models, String role, String issuer, String subject) {
        String who = role != null ? "u.key.role = :role" : "u.key.issuer = :issuer and u.key.subject = :subject";
        TypedQuery<Object[]> query = entityManager().createQuery("select sum(u.costUsd), sum(u.inputTokens + u.outputTokens)"
                + " from UsageMinute u where u.key.minute >= :from and u.key.model in :models and " + who, Object[].class)
                .setParameter("from", from).setParameter("models", models);
        if (role != null) {
            query.setParameter("role", role);
        } else {
            query.setParameter("issuer", issuer == null ? "" : issuer).setParameter("subject", subject == null ? "" : subject);
        }
        return spent(query.getSingleResult(), 0);
    }

    /**
     * Of the callers credited with {@code role} since {@code from} (or, role null, the callers named {@code subject}
     * under any issuer), the one who spent the most on {@code models} since then, in US dollars or in tokens: what
     * a per-caller budget counts, whatever role each call was credited to.
     */
    @Transactional
    public Optional<CallerSpent> topSpender(Instant from, List<String> models, String role, String subject, boolean inUsd) {
        String who = role != null ? "v.key.role = :who" : "v.key.subject = :who";
        String measure = inUsd ? "sum(u.costUsd)" : "sum(u.inputTokens + u.outputTokens)";
        return entityManager().createQuery("select u.key.issuer, u.key.subject, sum(u.costUsd), sum(u.inputTokens + u.outputTokens)"
                        + " from UsageMinute u where u.key.minute >= :from and u.key.model in :models and (u.key.issuer, u.key.subject) in"
                        + " (select v.key.issuer, v.key.subject from UsageMinute v where v.key.minute >= :from and " + who + ")"
                        + " group by u.key.issuer, u.key.subject order by " + measure + " desc, u.key.subject", Object[].class)
                .setParameter("from", from).setParameter("models", models).setParameter("who", role != null ? role : subject)
                .setMaxResults(1).getResultStream().findFirst()
                .map(row -> new CallerSpent((String) row[0], (String) row[1], spent(row, 2)));
    }

    /** The rows a query of model calls asks for, in the order of its dimensions; with no dimension, one row of totals. */
    @Transactional
    public List<UsageRow<UsageSums>> rows(UsageQuery query) {
        return select(query, UsageQuery.Ledger.MODEL_CALLS, UsageSums::of);
    }

    /** The rows a query of MCP tool calls asks for, as {@link #rows} does. */
    @Transactional
    public List<UsageRow<ToolCallSums>> toolCallRows(UsageQuery query) {
        return select(query, UsageQuery.Ledger.TOOL_CALLS, ToolCallSums::of);
    }

    private static <S extends UsageRow.Sums> List<UsageRow<S>> select(UsageQuery query, UsageQuery.Ledger ledger,
            BiFunction<Object[], Integer, S> sums) {
        if (query.ledger() != ledger) {
            throw new IllegalArgumentException("a query of " + query.ledger() + ", not " + ledger);
        }
        TypedQuery<Object[]> select = entityManager().createQuery(query.hql(), Object[].class);
        query.parameters().forEach(select::setParameter);
        List<UsageRow<S>> rows = new ArrayList<>();
        int dimensions = query.groupBy().size();
        for (Object[] columns : select.getResultList()) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < dimensions; i++) {
                values.put(query.groupBy().get(i), columns[i]);
            }
            rows.add(new UsageRow<>(values, sums.apply(columns, dimensions)));
        }
        return rows;
    }

    private static Spent spent(Object[] columns, int from) {
        return new Spent(UsageSums.money(columns[from]).doubleValue(), UsageSums.count(columns[from + 1]));
    }

    private static EntityManager entityManager() {
        return UsageMinute.getEntityManager();
    }
}
