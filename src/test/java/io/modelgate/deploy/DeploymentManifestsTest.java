package io.modelgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelgate.testing.PolicyReading;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kubernetes manifests and container files under {@code deploy/} cannot drift from the code: probes
 * answer on the running application, environment variables and properties are ones the application reads
 * (its configuration table in the README, whose defaults are checked against the application's), secrets
 * only come from Secrets, selectors, ports and image names agree, and the bootstrap policy is valid.
 */
@QuarkusTest
class DeploymentManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path BASE = Path.of("deploy", "kubernetes", "base");
    private static final Path OVERLAY = Path.of("deploy", "kubernetes", "overlays", "example");
    private static final Pattern CONFIG_ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]+) \\| ([^|]*) \\|", Pattern.MULTILINE);
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    private static final Set<String> SECRET_WORDS = Set.of("PASSWORD", "SECRET", "KEY", "TOKEN");

    private static Map<String, JsonNode> base;
    private static JsonNode deployment;
    private static JsonNode container;
    /** The README's configuration table: property → env var names, and property → default as written. */
    private static final Map<String, Set<String>> documentedEnv = new HashMap<>();
    private static final Map<String, String> documentedDefault = new HashMap<>();

    @BeforeAll
    static void read() throws IOException {
        base = resources(BASE);
        deployment = base.get("Deployment/modelgate");
        assertNotNull(deployment, "the base has a Deployment named modelgate: " + base.keySet());
        container = deployment.at("/spec/template/spec/containers/0");
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("\n## Configuration\n");
        assertTrue(section >= 0, "the README has a Configuration section");
        int end = readme.indexOf("\n## ", section + 1);
        Matcher row = CONFIG_ROW.matcher(readme.substring(section, end < 0 ? readme.length() : end));
        while (row.find()) {
            Set<String> envs = new HashSet<>();
            Matcher env = BACKTICKED.matcher(row.group(2));
            while (env.find()) {
                envs.add(env.group(1));
            }
            documentedEnv.put(row.group(1), envs);
            Matcher defaultValue = BACKTICKED.matcher(row.group(3));
            if (defaultValue.find()) {
                documentedDefault.put(row.group(1), defaultValue.group(1));
            }
        }
        assertTrue(documentedEnv.size() > 20, "the README's configuration table was found");
    }

    @Test
    void probesPointAtTheApplicationsHealthEndpointsOnItsPort() {
        assertEquals(8080, container.at("/ports/0/containerPort").asInt());
        assertEquals("http", container.at("/ports/0/name").asText());
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertEquals("http", get.path("port").asText(), probe + " uses the named container port");
            given().when().get(get.path("path").asText()).then().statusCode(200);
        }
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        given().when().get(deployment.at("/spec/template/metadata/annotations/prometheus.io~1path").asText()).then().statusCode(200);
        assertEquals("8080", deployment.at("/spec/template/metadata/annotations/prometheus.io~1port").asText());
    }

    @Test
    void theDeploymentIsSafeToRunAndToRollOut() {
        assertTrue(deployment.at("/spec/replicas").asInt() >= 2);
        assertEquals("RollingUpdate", deployment.at("/spec/strategy/type").asText());
        assertEquals(0, deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt());
        JsonNode pod = deployment.at("/spec/template/spec");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        JsonNode security = container.path("securityContext");
        assertTrue(security.path("runAsNonRoot").asBoolean());
        assertTrue(security.path("readOnlyRootFilesystem").asBoolean());
        assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals("ALL", security.at("/capabilities/drop/0").asText());
        assertTrue(pod.path("volumes").toString().contains("emptyDir"), "a writable /tmp for a read-only root");
        for (String kind : List.of("requests", "limits")) {
            assertFalse(container.at("/resources/" + kind + "/memory").asText().isEmpty(), "memory " + kind);
        }
        assertFalse(container.at("/resources/requests/cpu").asText().isEmpty());
        assertEquals(2, pod.path("topologySpreadConstraints").size());

        Properties app = properties(BASE.resolve("application.properties"));
        Duration drain = Duration.parse("PT" + app.getProperty("quarkus.shutdown.delay").toUpperCase())
                .plus(Duration.parse("PT" + app.getProperty("quarkus.shutdown.timeout").toUpperCase()));
        assertTrue(pod.path("terminationGracePeriodSeconds").asLong() > drain.toSeconds(),
                "the grace period outlasts the shutdown delay and timeout (" + drain + ")");
    }

    @Test
    void selectorsAndTargetsAgreeWithThePods() {
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        JsonNode selector = deployment.at("/spec/selector/matchLabels");
        selector.fields().forEachRemaining(l -> assertEquals(l.getValue(), podLabels.path(l.getKey()), "Deployment selector " + l.getKey()));
        assertLabelsMatch(base.get("Service/modelgate").at("/spec/selector"), podLabels, "Service");
        assertLabelsMatch(base.get("PodDisruptionBudget/modelgate").at("/spec/selector/matchLabels"), podLabels, "PodDisruptionBudget");
        assertLabelsMatch(base.get("NetworkPolicy/modelgate").at("/spec/podSelector/matchLabels"), podLabels, "NetworkPolicy");
        pod().path("topologySpreadConstraints")
                .forEach(c -> assertLabelsMatch(c.at("/labelSelector/matchLabels"), podLabels, "topology spread"));
        assertEquals("http", base.get("Service/modelgate").at("/spec/ports/0/targetPort").asText());
        JsonNode hpa = base.get("HorizontalPodAutoscaler/modelgate");
        assertEquals("Deployment", hpa.at("/spec/scaleTargetRef/kind").asText());
        assertEquals("modelgate", hpa.at("/spec/scaleTargetRef/name").asText());
        assertTrue(hpa.at("/spec/minReplicas").asInt() >= 2);
        assertEquals("modelgate", pod().path("serviceAccountName").asText());
        assertNotNull(base.get("ServiceAccount/modelgate"));
        assertTrue(base.get("NetworkPolicy/modelgate").toString().contains("5432"), "egress to PostgreSQL");
    }

    @Test
    void environmentAndPropertiesAreOnesTheApplicationReadsAndSecretsComeFromSecrets() throws IOException {
        Set<String> knownEnv = new HashSet<>(Set.of("QUARKUS_CONFIG_LOCATIONS"));
        documentedEnv.values().forEach(knownEnv::addAll);
        // environment variables the bootstrap policy names (os.environ/NAME) are the application's too
        Matcher referenced = Pattern.compile("os\\.environ/([A-Z0-9_]+)").matcher(Files.readString(BASE.resolve("policy.yaml")));
        Set<String> policyEnv = new HashSet<>();
        while (referenced.find()) {
            policyEnv.add(referenced.group(1));
        }
        knownEnv.addAll(policyEnv);

        List<JsonNode> envs = new ArrayList<>();
        container.path("env").forEach(envs::add);
        JsonNode patch = YAML.readTree(OVERLAY.resolve("deployment-patch.yaml").toFile());
        patch.at("/spec/template/spec/containers/0/env").forEach(envs::add);
        Set<String> given = new HashSet<>();
        for (JsonNode env : envs) {
            String name = env.path("name").asText();
            given.add(name);
            assertTrue(knownEnv.contains(name), name + " is not a setting the application reads (README, Configuration)");
            if (SECRET_WORDS.stream().anyMatch(name::contains)) {
                assertFalse(env.has("value"), name + " must come from a Secret, not a literal value");
                assertTrue(env.at("/valueFrom/secretKeyRef/name").isTextual(), name + " comes from a Secret");
            }
        }
        assertTrue(given.containsAll(policyEnv), "every variable the bootstrap policy reads is set: " + policyEnv);

        for (Path file : List.of(BASE.resolve("application.properties"), OVERLAY.resolve("application.properties"))) {
            for (String key : properties(file).stringPropertyNames()) {
                assertTrue(documentedEnv.containsKey(key), key + " in " + file + " is not in the README's configuration table");
            }
        }
        try (var files = Files.walk(Path.of("deploy"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                assertFalse(Files.readString(file).matches("(?s).*kind:\\s*Secret\\b.*"), file + " commits a Secret");
            }
        }
    }

    @Test
    void theReadmesDefaultsAreTheApplicationsDefaults() {
        // the value of the lowest-ordinal source that has one: the mapping's default, or application.properties
        // without a profile (tests override some settings under %test)
        List<org.eclipse.microprofile.config.spi.ConfigSource> sources = new ArrayList<>();
        ConfigProvider.getConfig().getConfigSources().forEach(sources::add);
        sources.sort(java.util.Comparator.comparingInt(org.eclipse.microprofile.config.spi.ConfigSource::getOrdinal));
        documentedDefault.forEach((property, documented) -> {
            if (property.startsWith("modelgate.")) {
                String actual = sources.stream().map(source -> source.getValue(property)).filter(java.util.Objects::nonNull)
                        .findFirst().orElse(null);
                assertEquals(documented, actual, "the README's default of " + property);
            }
        });
        documentedEnv.forEach((property, envs) -> {
            String expected = property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
            assertTrue(envs.contains(expected) || property.contains("<"), property + " is documented with its env var " + expected);
        });
    }

    @Test
    void imagesPortsAndUsersAgreeWithTheContainerFiles() throws IOException {
        JsonNode overlay = YAML.readTree(OVERLAY.resolve("kustomization.yaml").toFile());
        assertEquals(container.path("image").asText(), overlay.at("/images/0/name").asText(), "the overlay sets the base's image");
        assertTrue(overlay.path("resources").toString().contains("../../base"));
        for (String file : List.of("Dockerfile.jvm", "Dockerfile.native")) {
            String docker = Files.readString(Path.of("deploy", "docker", file));
            assertTrue(docker.contains("EXPOSE " + container.at("/ports/0/containerPort").asInt()), file + " exposes the container port");
            String lastUser = docker.lines().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
            assertFalse(lastUser.equals("USER root") || lastUser.equals("USER 0"), file + " runs as a non-root user");
            assertTrue(docker.lines().filter(l -> l.startsWith("FROM ")).count() >= 2, file + " is multi-stage");
        }
        assertTrue(Files.readString(Path.of("deploy", "docker", "Dockerfile.native")).contains("mandrel"), "a Mandrel builder stage");
    }

    @Test
    void theBootstrapPolicyIsValidAndTheConfigMapCarriesIt() throws IOException {
        PolicyReading.parse(Files.readString(BASE.resolve("policy.yaml")));
        JsonNode kustomization = YAML.readTree(BASE.resolve("kustomization.yaml").toFile());
        String generated = kustomization.path("configMapGenerator").toString();
        assertTrue(generated.contains("policy.yaml") && generated.contains("application.properties"));
        assertEquals("/etc/modelgate/policy.yaml", properties(BASE.resolve("application.properties"))
                .getProperty("modelgate.bootstrap.litellm-config"));
        assertEquals("/etc/modelgate", container.at("/volumeMounts/0/mountPath").asText());
    }

    private static JsonNode pod() {
        return deployment.at("/spec/template/spec");
    }

    private static void assertLabelsMatch(JsonNode selector, JsonNode labels, String what) {
        assertTrue(selector.size() > 0, what + " selects something");
        selector.fields().forEachRemaining(l -> assertEquals(l.getValue(), labels.path(l.getKey()), what + " selector " + l.getKey()));
    }

    /** The resources a kustomization lists, by kind/name. */
    private static Map<String, JsonNode> resources(Path dir) throws IOException {
        JsonNode kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode resource : kustomization.path("resources")) {
            JsonNode manifest = YAML.readTree(dir.resolve(resource.asText()).toFile());
            byName.put(manifest.path("kind").asText() + "/" + manifest.at("/metadata/name").asText(), manifest);
        }
        return byName;
    }

    private static Properties properties(Path file) {
        try {
            Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(file)));
            return properties;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
