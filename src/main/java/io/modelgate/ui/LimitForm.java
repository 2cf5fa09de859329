package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The limit form: whom a limit is for (a gateway role, or one subject of any or one issuer), who shares its
 * counters, the models it covers, its ceilings and its budget. Pure: it reads the stored limit (the admin API's
 * shape) or a submitted form, and builds the body the policy service validates. Every field is text as typed, so
 * a form shown again with problems shows what the operator wrote; empty means "not set".
 *
 * @param who          {@code role} or {@code subject}: which of the two the limit is for (the other's fields are ignored)
 * @param budgetKind   {@code ""} (no budget), {@code usd} or {@code tokens}
 */
public record LimitForm(String name, String who, String role, String subject, String issuer, String per, String models,
        String rpm, String tpm, String maxParallelRequests, String budgetKind, String budgetAmount, String budgetPeriod, String mcp) {

    /** The budget periods the form offers. */
    public static final List<String> PERIODS = List.of("day", "week", "month");

    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,15}(\\.\\d{1,12})?");

    public static LimitForm empty() {
        return new LimitForm("", "role", "", "", "", "caller", "", "", "", "", "", "", "", "");
    }

    /** The form for a stored limit. */
    public static LimitForm of(JsonNode limit) {
        JsonNode budget = limit.path("budget");
        String kind = budget.hasNonNull("usd") ? "usd" : budget.hasNonNull("tokens") ? "tokens" : "";
        String amount = switch (kind) {
            case "usd" -> budget.path("usd").decimalValue().stripTrailingZeros().toPlainString();
            case "tokens" -> budget.path("tokens").asText();
            default -> "";
        };
        StringBuilder models = new StringBuilder();
        limit.path("models").forEach(m -> models.append(models.length() == 0 ? "" : ", ").append(m.asText()));
        StringBuilder mcp = new StringBuilder();
        limit.path("mcp").forEach(m -> mcp.append(mcp.length() == 0 ? "" : ", ").append(m.asText()));
        return new LimitForm(text(limit, "name"), limit.hasNonNull("subject") ? "subject" : "role", text(limit, "role"),
                text(limit, "subject"), text(limit, "issuer"), limit.path("per").asText("caller"), models.toString(),
                text(limit, "rpm"), text(limit, "tpm"), text(limit, "max_parallel_requests"), kind, amount,
                kind.isEmpty() ? "" : text(budget, "period"), mcp.toString());
    }

    /** The form as submitted. */
    public static LimitForm submitted(Map<String, List<String>> form) {
        return new LimitForm(field(form, "name"), "subject".equals(field(form, "who")) ? "subject" : "role", field(form, "role"),
                field(form, "subject"), field(form, "issuer"), "role".equals(field(form, "per")) ? "role" : "caller",
                field(form, "models"), field(form, "rpm"), field(form, "tpm"), field(form, "max_parallel_requests"),
                List.of("usd", "tokens").contains(field(form, "budget_kind")) ? field(form, "budget_kind") : "",
                field(form, "budget_amount"), field(form, "budget_period"), field(form, "mcp"));
    }

    /** A ceiling that is a count, by its form field (named as the body's), as typed. */
    public record Count(String field, String label, String value) {
    }

    /** The ceilings that are counts, in the order the form shows them. */
    public List<Count> counts() {
        return List.of(new Count("rpm", "Requests per minute", rpm), new Count("tpm", "Tokens per minute (input + output)", tpm),
                new Count("max_parallel_requests", "Calls in flight at once", maxParallelRequests));
    }

    public boolean forRole() {
        return who.equals("role");
    }

    /**
     * The limit as the policy service takes it. Only the chosen "who" is sent (a role limit carries no subject or
     * issuer, a subject limit counts per caller), and a budget only when a kind is chosen.
     *
     * @throws FormProblems for counts that are not whole numbers, an amount that is not a number, or a missing
     *                      role, subject or amount, which the policy would report in its own terms
     */
    public ObjectNode body() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        Map<String, String> problems = new LinkedHashMap<>();
        required(problems, "name", name, "is required");
        ObjectNode json = nodes.objectNode().put("name", name);
        if (forRole()) {
            required(problems, "role", role, "choose the gateway role it limits");
            putIfSet(json, "role", role);
            if (per.equals("role")) {
                json.put("per", "role");
            }
        } else {
            required(problems, "subject", subject, "give the subject (the token's sub) it limits");
            putIfSet(json, "subject", subject);
            putIfSet(json, "issuer", issuer);
        }
        List<String> patterns = Arrays.stream(models.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
        if (!patterns.isEmpty()) {
            patterns.forEach(json.putArray("models")::add);
        }
        List<String> servers = Arrays.stream(mcp.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
        if (!servers.isEmpty()) {
            servers.forEach(json.putArray("mcp")::add);
        }
        for (Count count : counts()) {
            wholeNumber(problems, count.field(), count.value()).ifPresent(n -> json.put(count.field(), n));
        }
        if (!budgetKind.isEmpty()) {
            ObjectNode budget = json.putObject("budget");
            required(problems, "budget_amount", budgetAmount, budgetKind.equals("usd") ? "give the amount in US dollars" : "give the number of tokens");
            if (budgetKind.equals("usd")) {
                decimal(problems, "budget_amount", budgetAmount).ifPresent(usd -> budget.put("usd", usd));
            } else {
                wholeNumber(problems, "budget_amount", budgetAmount).ifPresent(tokens -> budget.put("tokens", tokens));
            }
            putIfSet(budget, "period", budgetPeriod);
        }
        if (!problems.isEmpty()) {
            throw new FormProblems(problems);
        }
        return json;
    }

    /** The form field a policy problem concerns ({@code budget.usd} → {@code budget_amount}, {@code models[2]} → {@code models}). */
    public static Optional<String> fieldOf(String problemField) {
        if (problemField.startsWith("models")) {
            return Optional.of("models");
        }
        if (problemField.startsWith("mcp")) {
            return Optional.of("mcp");
        }
        return switch (problemField) {
            case "name", "role", "subject", "issuer", "per", "rpm", "tpm", "max_parallel_requests" -> Optional.of(problemField);
            case "budget", "budget.usd", "budget.tokens" -> Optional.of("budget_amount");
            case "budget.period" -> Optional.of("budget_period");
            default -> Optional.empty();
        };
    }

    private static void required(Map<String, String> problems, String field, String value, String message) {
        if (value.isEmpty()) {
            problems.putIfAbsent(field, message);
        }
    }

    /** A count as typed: empty is "not set"; anything but a whole number is the form's own problem. */
    private static Optional<Long> wholeNumber(Map<String, String> problems, String field, String value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!WHOLE.matcher(value).matches()) {
            problems.putIfAbsent(field, value.matches("-?[\\d,._ ]+") ? "must be a whole number, digits only (like 60 or 1000000)"
                    : "must be a whole number, like 60");
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(value));
    }

    private static Optional<BigDecimal> decimal(Map<String, String> problems, String field, String value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!DECIMAL.matcher(value).matches()) {
            problems.putIfAbsent(field, "must be an amount in US dollars, like 50 or 12.50");
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(value));
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (!value.isEmpty()) {
            node.put(name, value);
        }
    }

    private static String field(Map<String, List<String>> form, String name) {
        String value = FormFields.first(form, name);
        return value == null ? "" : value.trim();
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isValueNode() && !node.path(field).isNull() ? node.path(field).asText() : "";
    }
}
