package io.modelgate.ui;

import io.modelgate.limits.LimitRule;
import io.modelgate.policy.Limit;
import io.modelgate.snapshot.ActivePolicy;
import io.modelgate.usage.StoredUsage;
import io.modelgate.usage.UsageConfig;
import io.modelgate.usage.UsageQuery;
import io.modelgate.usage.UsageSums;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every budget limit of the active policy and how much of it is spent this period, as the Usage page and the
 * overview show them, and what all callers spent this month. A budget a role shares shows its role's spending; a
 * per-caller budget (of a role's callers, or of a subject under any issuer) shows the caller closest to it, since
 * each caller has a budget of their own.
 * From the stored usage, so it lags the data plane's own counters by a flush interval.
 */
@ApplicationScoped
public class BudgetSpending {

    /**
     * A budget and what is spent of it.
     *
     * @param who     whom it is for and who shares it, e.g. "role team, together"
     * @param caller  for a per-caller budget the subject who spent the most of theirs, or "" (shared, or no calls yet)
     * @param percent how much of the budget is spent, 0 to 100
     */
    public record Row(String name, String who, String period, String caller, String spent, String budget, int percent) {
    }

    /** What every caller together spent this calendar month. */
    public record Month(String name, long requests, String cost, String tokens) {
    }

    private final StoredUsage usage;
    private final ActivePolicy activePolicy;
    private final ZoneId zone;

    BudgetSpending(StoredUsage usage, ActivePolicy activePolicy, UsageConfig config) {
        this.usage = usage;
        this.activePolicy = activePolicy;
        this.zone = config.timeZone();
    }

    /** Every budget in the policy's order, with what is spent in the period that contains {@code now}. */
    public List<Row> all(Instant now) {
        List<Row> rows = new ArrayList<>();
        for (LimitRule rule : activePolicy.snapshot().limits().all()) {
            if (rule.hasBudget()) {
                rows.add(row(rule, rule.period().start(now, zone)));
            }
        }
        return rows;
    }

    /** What all callers spent in the calendar month that contains {@code now}, on every model. */
    public Month thisMonth(Instant now) {
        Instant from = Limit.Period.MONTH.start(now, zone);
        UsageSums sums = usage.rows(new UsageQuery(from, now.plusSeconds(60), List.of(), Map.of(), zone)).get(0).sums();
        String name = YearMonth.from(from.atZone(zone)).format(DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH));
        return new Month(name, sums.requests(), UsageChart.format(sums.costUsd().doubleValue(), "USD"),
                UsageChart.format(sums.tokens(), "tokens"));
    }

    private Row row(LimitRule rule, Instant from) {
        boolean dollars = rule.budgetUsd() != null;
        String caller = "";
        StoredUsage.Spent spent;
        if (rule.scope() == Limit.Scope.ROLE) {
            spent = usage.spent(from, rule.models(), rule.role(), null, null);
        } else if (rule.subject() != null && rule.issuer() != null) {
            spent = usage.spent(from, rule.models(), null, rule.issuer(), rule.subject());
        } else {
            // each caller (issuer and subject) has a budget of their own: the one nearest theirs
            Optional<StoredUsage.CallerSpent> top = usage.topSpender(from, rule.models(), rule.role(), rule.subject(), dollars);
            spent = top.map(StoredUsage.CallerSpent::spent).orElse(new StoredUsage.Spent(0, 0));
            caller = rule.role() != null ? top.map(StoredUsage.CallerSpent::subject).orElse("") : "";
        }
        double used = dollars ? spent.usd() : spent.tokens();
        double budget = dollars ? rule.budgetUsd() : rule.budgetTokens();
        String unit = dollars ? "USD" : "tokens";
        return new Row(rule.name(), who(rule), rule.period().configName(), caller, UsageChart.format(used, unit),
                UsageChart.format(budget, unit), (int) Math.min(100, Math.round(used / budget * 100)));
    }

    private static String who(LimitRule rule) {
        String who = LimitPages.who(rule.role(), rule.subject(), rule.issuer());
        return rule.role() == null ? who : who + (rule.scope() == Limit.Scope.ROLE ? ", together" : ", each caller");
    }
}
