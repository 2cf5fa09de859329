package io.modelgate.snapshot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.modelgate.limits.LimitRule;
import io.modelgate.limits.Limits;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much of each budget is spent, as a gauge by limit ({@code modelgate.limits.budget.used.ratio}: the most-spent
 * caller's share for a per-caller budget, the role's for a shared one; 1 is spent), so an alert can warn before callers
 * are refused. Each value is read when scraped; which limits have a budget is taken again from the policy in force within
 * {@link #REFRESH_MS} of a change. No subject is a tag.
 */
@Startup
@ApplicationScoped
public class BudgetMetrics {

    static final long REFRESH_MS = 1_000;

    private final MultiGauge used;
    private final ActivePolicy policy;
    private final Limits limits;
    private final Vertx vertx;
    private final long timer;
    private PolicySnapshot shown;

    BudgetMetrics(MeterRegistry registry, ActivePolicy policy, Limits limits, Vertx vertx) {
        this.policy = policy;
        this.limits = limits;
        this.vertx = vertx;
        this.used = MultiGauge.builder("modelgate.limits.budget.used.ratio")
                .description("Share of each budget spent in its current period (the most-spent caller's, for a per-caller budget); 1 is spent")
                .register(registry);
        refresh();
        this.timer = vertx.setPeriodic(REFRESH_MS, id -> refresh());
    }

    void stop(@Observes ShutdownEvent stop) {
        vertx.cancelTimer(timer);
    }

    private void refresh() {
        if (!policy.isLoaded() || policy.snapshot() == shown) {
            return;
        }
        shown = policy.snapshot();
        Map<String, LimitRule> budgets = new LinkedHashMap<>(); // a limit's name is its identity
        shown.limits().all().stream().filter(LimitRule::hasBudget).forEach(rule -> budgets.putIfAbsent(rule.name(), rule));
        List<MultiGauge.Row<?>> rows = budgets.values().stream()
                .<MultiGauge.Row<?>>map(rule -> MultiGauge.Row.of(Tags.of("limit", rule.name()), rule, r -> limits.book().budgetUsed(r)))
                .toList();
        used.register(rows, true);
    }
}
