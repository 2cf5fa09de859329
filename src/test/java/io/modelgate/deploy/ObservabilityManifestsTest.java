package io.modelgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard and the alert rules under {@code deploy/} cannot name a metric the application does not export:
 * every query's metrics are looked up in what this application serves on {@code /q/metrics} once it has made the calls
 * that bring each family into being (a model call, a stream, a costed call, an upstream token fetch, a refusal, an MCP
 * tool call, a budget). The PrometheusRule in the overlay carries exactly the rules of the rules file, and the overlay
 * ships the dashboard as a ConfigMap for Grafana's sidecar.
 */
@QuarkusTest
class ObservabilityManifestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path GRAFANA = Path.of("deploy", "grafana");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
            "unless", "bool", "offset", "le", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsOneTheApplicationExports() throws IOException, InterruptedException {
        List<String> queries = new ArrayList<>();
        JsonNode dashboard = JSON.readTree(GRAFANA.resolve("modelgate-dashboard.json").toFile());
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> queries.add(target.path("expr").asText())));
        dashboard.at("/templating/list").forEach(variable -> {
            if (variable.path("query").has("query")) {
                queries.add(variable.at("/query/query").asText());
            }
        });
        JsonNode rules = YAML.readTree(GRAFANA.resolve("modelgate-alerts.yaml").toFile());
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> queries.add(rule.path("expr").asText())));
        assertTrue(queries.size() > 25, "the dashboard's and the rules' queries were read: " + queries.size());

        Set<String> named = new TreeSet<>();
        queries.forEach(query -> named.addAll(metricsIn(query)));
        assertTrue(named.contains("gen_ai_server_time_to_first_token_seconds_bucket") && named.contains("modelgate_policy_version"), named.toString());

        String budget = bringEveryFamilyIntoBeing();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            Set<String> exported = exported();
            while (!exported.containsAll(named) && System.nanoTime() < deadline) { // records are counted off the event loop
                Thread.sleep(100);
                exported = exported();
            }
            Set<String> found = exported;
            assertTrue(found.containsAll(named), "not exported: " + named.stream().filter(name -> !found.contains(name)).toList());
        } finally {
            given().auth().oauth2(admin()).delete("/admin/api/limits/" + budget).then().statusCode(204);
        }
    }

    private static String admin() {
        return TestIdentityProvider.current().tokenWithRoles("dashboard-admin", "proxy_admin");
    }

    @Test
    void thePrometheusRuleInTheOverlayCarriesTheRulesFile() throws IOException {
        JsonNode rules = YAML.readTree(GRAFANA.resolve("modelgate-alerts.yaml").toFile());
        JsonNode resource = YAML.readTree(Path.of("deploy", "kubernetes", "overlays", "example", "prometheusrule.yaml").toFile());
        assertEquals("PrometheusRule", resource.path("kind").asText());
        assertEquals(rules.path("groups"), resource.at("/spec/groups"), "the overlay's rules are the rules file's");
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> {
            assertFalse(rule.path("annotations").path("summary").asText().isBlank(), "every alert says what is wrong: " + rule);
            assertTrue(rule.path("labels").has("severity"), "every alert has a severity: " + rule);
        }));
    }

    @Test
    void theOverlayShipsTheDashboardAsAConfigMapGrafanasSidecarLoads() throws IOException {
        JsonNode grafana = YAML.readTree(GRAFANA.resolve("kustomization.yaml").toFile());
        JsonNode generated = grafana.at("/configMapGenerator/0");
        assertEquals("modelgate-grafana-dashboard", generated.path("name").asText());
        assertEquals("modelgate-dashboard.json", generated.at("/files/0").asText(), "the dashboard file itself, not a copy");
        assertEquals("1", generated.at("/options/labels/grafana_dashboard").asText(), "the label Grafana's sidecar looks for");
        assertTrue(generated.at("/options/disableNameSuffixHash").asBoolean(), "one ConfigMap name across changes");
        JsonNode overlay = YAML.readTree(Path.of("deploy", "kubernetes", "overlays", "example", "kustomization.yaml").toFile());
        List<String> resources = new ArrayList<>();
        overlay.path("resources").forEach(resource -> resources.add(resource.asText()));
        assertTrue(resources.contains("../../../grafana"), "the example overlay includes deploy/grafana: " + resources);
    }

    @Test
    void metricNamesAreReadOutOfPromQl() {
        assertEquals(Set.of("a_total", "b_bucket"), metricsIn(
                "sum by (model, le) (rate(a_total{model=~\"$model\",outcome!~\"ok|x\"}[$__rate_interval])) / histogram_quantile(0.9, b_bucket[5m]) > 0.05"));
        assertEquals(Set.of("modelgate_requests_total"), metricsIn("label_values(modelgate_requests_total, model)"));
    }

    /** The metric names in a PromQL expression (or a Grafana label_values query): what is left once strings, label matchers, ranges, grouping clauses, functions, keywords and numbers are taken out. */
    static Set<String> metricsIn(String query) {
        String bare = query.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\w+", " ");
        if (bare.startsWith("label_values(")) { // label_values(metric, label): the label is no metric
            bare = bare.substring("label_values(".length(), bare.indexOf(','));
        }
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String name = identifier.group();
            int after = identifier.end();
            while (after < bare.length() && bare.charAt(after) == ' ') {
                after++;
            }
            boolean function = after < bare.length() && bare.charAt(after) == '(';
            if (!function && !PROMQL_WORDS.contains(name.toLowerCase()) && !Character.isDigit(name.charAt(0))) {
                names.add(name);
            }
        }
        return names;
    }

    private static Set<String> exported() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> families = new TreeSet<>();
        Matcher sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE).matcher(metrics);
        while (sample.find()) {
            families.add(sample.group(1));
        }
        return families;
    }

    /** The calls after which every family the dashboard shows has a sample; returns the budget limit made, to delete. */
    private static String bringEveryFamilyIntoBeing() {
        String alice = TestIdentityProvider.current().tokenWithRoles("dashboard-alice", "basic_user");
        call(alice, "/v1/chat/completions", "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 200);
        call(alice, "/v1/chat/completions", "{\"model\":\"mock-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"a story\"}]}", 200);
        call(alice, "/v1/chat/completions", "{\"model\":\"priced-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 200);
        call(alice, "/v1/chat/completions", "{\"model\":\"secret-model\",\"messages\":[]}", 403);
        call(TestIdentityProvider.current().tokenWithRoles("dashboard-carol", "cred-tester"), "/v1/chat/completions",
                "{\"model\":\"cred-oauth-traced\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 200);
        String session = given().auth().oauth2(alice).contentType("application/json").accept("application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-06-18")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"dashboard\",\"version\":\"1\"}}}")
                .post("/mcp/desk").then().statusCode(200).extract().header("Mcp-Session-Id");
        given().auth().oauth2(alice).contentType("application/json").accept("application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-06-18").header("Mcp-Session-Id", session)
                .body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}}}")
                .post("/mcp/desk").then().statusCode(200);
        String limit = "dashboard-budget-" + System.nanoTime();
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("name", limit, "role", "internal_user", "budget", Map.of("usd", 1000, "period", "month")))
                .post("/admin/api/limits").then().statusCode(201);
        return limit;
    }

    private static void call(String token, String path, String body, int status) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(path).then().statusCode(status);
    }
}
