package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.identity.Caller;
import io.modelgate.policy.Limit;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.quarkus.qute.TemplateInstance;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Limits on calls (requests and tokens per minute, calls in flight, token or dollar budgets) for a gateway role or
 * one subject: a list, and one form to create or edit a limit, see {@link LimitForm}.
 */
public final class LimitPages extends ObjectPages<LimitForm> {

    /** A limit's line in the list, every value as the page shows it ("" for not set). */
    public record Row(String name, String who, String per, String models, String rpm, String tpm, String maxParallelRequests,
            String budget) {
    }

    private static final KindNames NAMES = new KindNames(PolicyKind.LIMITS, "limit", "Limits", "New limit", "Name", "");

    /** A limit has no write-only fields, so neither its form nor its body needs the stored limit. */
    public LimitPages() {
        super(NAMES, LimitForm::empty, LimitForm::of, (form, stored) -> LimitForm.submitted(form),
                (limit, stored) -> new FormBody(limit.body(), LimitForm::fieldOf));
    }

    @Override
    TemplateInstance list(Caller operator, ListPage page, PolicyDocument document) {
        return UiTemplates.limits(operator, NAMES.path(), page, document.limits().stream().map(LimitPages::row).toList());
    }

    @Override
    TemplateInstance form(Caller operator, FormPage page, LimitForm form, PolicyDocument document) {
        return UiTemplates.limitForm(operator, NAMES.path(), page, form, roleChoices(document, form), LimitForm.PERIODS);
    }

    @Override
    String deleteConsequence(PolicyDocument document, String name) {
        return "Callers it covers are no longer held to its ceilings or budget.";
    }

    /**
     * The roles the form offers: the policy's. A role the policy no longer declares stays choosable, so the form shows
     * what is stored (and the policy says why not).
     */
    static List<String> roleChoices(PolicyDocument document, LimitForm form) {
        SortedSet<String> roles = new TreeSet<>(document.gatewayRoleNames());
        if (!form.role().isEmpty()) {
            roles.add(form.role());
        }
        return List.copyOf(roles);
    }

    /** Whom a limit is for, as the pages say it: "role team", "subject alice", "subject alice of https://idp". */
    static String who(String role, String subject, String issuer) {
        return role != null ? "role " + role : "subject " + subject + (issuer == null ? "" : " of " + issuer);
    }

    static Row row(Limit limit) {
        String who = who(limit.role(), limit.subject(), limit.issuer());
        String per = limit.role() == null ? "" : limit.scope() == Limit.Scope.ROLE ? "role (together)" : "each caller";
        String covers = limit.limitsMcp() ? "MCP tool calls: " + String.join(", ", limit.mcp()) : String.join(", ", limit.modelPatterns());
        return new Row(limit.name(), who, per, covers, count(limit.rpm()), count(limit.tpm()),
                count(limit.maxParallelRequests()), budget(limit.budget()));
    }

    /** "50 USD per month", "1,000,000 tokens per week": the budget as configured, exactly. */
    static String budget(Limit.Budget budget) {
        if (budget == null) {
            return "";
        }
        String amount = budget.usd() != null ? budget.usd().stripTrailingZeros().toPlainString() + " USD"
                : String.format(Locale.ROOT, "%,d tokens", budget.tokens());
        return amount + " per " + (budget.period() == null ? "?" : budget.period().configName());
    }

    private static String count(Number value) {
        return value == null ? "" : String.format(Locale.ROOT, "%,d", value.longValue());
    }
}
