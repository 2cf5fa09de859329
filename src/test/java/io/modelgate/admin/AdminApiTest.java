package io.modelgate.admin;

import io.modelgate.testing.LogCapture;
import io.modelgate.testing.TestIdentityProvider;
import io.modelgate.testing.TestUpstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.modelgate.testing.GatewayCalls.chat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin API as automation uses it: proxy_admin only, objects in LiteLLM's shapes, ETag/If-Match,
 * every change audited and live on the data plane, import with dry run, export that imports unchanged.
 * Each test puts the policy back by importing the export taken before it.
 */
@QuarkusTest
class AdminApiTest {

    private static final String SECRET_VALUE = "sk-live-admin-test-9f8e7d6c5b4a";
    private String exportBefore;

    private static RequestSpecification admin() {
        return given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("alice-admin", "proxy_admin"))
                .contentType(ContentType.JSON);
    }

    @BeforeEach
    void rememberPolicy() {
        exportBefore = admin().when().get("/admin/api/export").then().statusCode(200).extract().asString();
    }

    @AfterEach
    void restorePolicy() {
        importYaml(exportBefore, false).then().statusCode(200);
    }

    @Test
    void onlyProxyAdminsMayUseTheAdminApi() {
        given().when().get("/admin/api/models").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer")).body("error.code", equalTo("missing_token"));
        given().auth().oauth2("not-a-jwt").when().get("/admin/api/models").then().statusCode(401)
                .body("error.type", equalTo("authentication_error"));
        given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("bob", "basic_user"))
                .when().get("/admin/api/models").then().statusCode(403).body("error.code", equalTo("insufficient_role"));
        admin().when().get("/admin/api/models").then().statusCode(200).body("data.model_name", hasItem("chat"));
    }

    @Test
    void aModelCreatedAndGrantedThroughTheApiIsServedAndAudited() {
        String carol = TestIdentityProvider.current().tokenWithRoles("carol", "ds-team");
        // data_science holds ds-*: a model of that name is "not found" for carol until it exists
        chat(carol, "ds-summariser").statusCode(404);

        admin().body("""
                {"model_name": "ds-summariser", "description": "Summaries for data science", "tags": ["beta"],
                 "deployments": [{"model": "mock/summariser", "mock_response": "summary"}]}""")
                .when().post("/admin/api/models").then().statusCode(201)
                .header("ETag", notNullValue()).body("deployments[0].model", equalTo("mock/summariser"));
        // data_science already holds ds-*: the new model is callable within a second, without a restart
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> chat(carol, "ds-summariser").statusCode(200));

        admin().when().get("/admin/api/audit?entity_type=model&entity_key=ds-summariser").then().statusCode(200)
                .body("data", org.hamcrest.Matchers.hasSize(1))
                .body("data[0].action", equalTo("create"))
                .body("data[0].actor.subject", equalTo("alice-admin"))
                .body("data[0].before", equalTo(null))
                .body("data[0].after.description", equalTo("Summaries for data science"));

        admin().when().delete("/admin/api/models/ds-summariser").then().statusCode(204);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> chat(carol, "ds-summariser").statusCode(404));
    }

    @Test
    void aRevokedPermissionIsEnforcedWithinASecond() {
        String dana = TestIdentityProvider.current().tokenWithRoles("dana", "ds-team");
        chat(dana, "premium-chat").statusCode(200);
        Response permission = admin().when().get("/admin/api/permissions/data_science");
        permission.then().statusCode(200).body("models", contains("ds-*", "tag:premium"));

        admin().header("If-Match", permission.header("ETag")).body("{\"models\": [\"ds-*\"]}")
                .when().put("/admin/api/permissions/data_science").then().statusCode(200).body("models", contains("ds-*"));
        long revokedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> chat(dana, "premium-chat").statusCode(403));
        assertTrue(Duration.ofNanos(System.nanoTime() - revokedAt).toMillis() < 1000);
    }

    @Test
    void ofTwoConcurrentEditsWithTheSameETagExactlyOneWins() throws Exception {
        Response role = admin().when().get("/admin/api/roles/data_science");
        String etag = role.header("ETag");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> results = new ArrayList<>();
        for (String description : List.of("Edited by A", "Edited by B")) {
            Callable<Integer> edit = () -> {
                start.await();
                return admin().header("If-Match", etag).body("{\"name\": \"data_science\", \"description\": \"" + description + "\"}")
                        .when().put("/admin/api/roles/data_science").statusCode();
            };
            results.add(pool.submit(edit));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        pool.shutdown();
        statuses.sort(null);
        assertEquals(List.of(200, 412), statuses);
        admin().when().get("/admin/api/audit?entity_type=role&entity_key=data_science").then()
                .body("data", org.hamcrest.Matchers.hasSize(1))
                .body("data[0].before.description", equalTo("Data scientists"));
        // the stale tag stays stale
        admin().header("If-Match", etag).body("{\"description\": \"late\"}").when().put("/admin/api/roles/data_science")
                .then().statusCode(412).body("error.code", equalTo("precondition_failed"));
    }

    @Test
    void badObjectsAre400sNamingEachFieldAndChangeNothing() {
        String version = admin().when().get("/admin/api/export").then().extract().asString();
        admin().body("""
                {"model_name": "broken", "deployments": [{"model": "nosuch/x"},
                 {"model": "openai/x", "api_base": "http://127.0.0.1:1/v1", "api_key": "os.environ/%s", "weight": 0}]}""".formatted(SECRET_VALUE))
                .when().post("/admin/api/models").then().statusCode(400)
                .body("error.code", equalTo("invalid_policy"))
                .body("error.problems.field", hasItem("deployments[0].model"))
                .body("error.problems.field", hasItem("deployments[1].api_key"))
                .body("error.problems.field", hasItem("deployments[1].weight"))
                .body(not(containsString(SECRET_VALUE)));
        admin().body("{\"models\": [\"chat\"]}").when().put("/admin/api/permissions/no_such_role").then().statusCode(404);
        admin().body("{\"role\": \"data_science\", \"models\": [\"dss-*\"]}").when().post("/admin/api/permissions")
                .then().statusCode(409);
        admin().body("{\"models\": [\"ds-*\", \"dss-typo-*\"]}").when().put("/admin/api/permissions/data_science")
                .then().statusCode(400).body("error.message", containsString("matches no model"));
        admin().body("{not json").when().post("/admin/api/roles").then().statusCode(400);
        assertEquals(version, admin().when().get("/admin/api/export").then().extract().asString());
    }

    @Test
    void secretValuesAreSealedUsedForUpstreamCallsAndNeverEchoedAuditedExportedOrLogged() {
        String upstreamKey = System.getenv(TestUpstream.API_KEY_ENV);
        List<String> logLines;
        try (LogCapture log = new LogCapture()) {
            String sealed = admin().body("""
                    {"credential_name": "vendor", "credential_values": {"type": "api_key", "api_key": "%s"}}""".formatted(upstreamKey))
                    .when().post("/admin/api/credentials").then().statusCode(201)
                    .body(not(containsString(upstreamKey)))
                    .extract().path("credential_values.api_key");
            assertTrue(sealed.startsWith("modelgate/sealed:v1:"), sealed);
            admin().body("""
                    {"model_name": "ds-sealed", "deployments": [{"model": "openai/sealed-upstream",
                     "api_base": "%s/ok/v1", "litellm_credential_name": "vendor"}]}""".formatted(TestUpstream.current().baseUrl()))
                    .when().post("/admin/api/models").then().statusCode(201);
            String carol = TestIdentityProvider.current().tokenWithRoles("carol", "ds-team");
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> chat(carol, "ds-sealed").statusCode(200));
            TestUpstream.RecordedRequest forwarded = TestUpstream.current().requests().stream()
                    .filter(r -> r.body().contains("sealed-upstream")).reduce((x, y) -> y).orElseThrow();
            assertEquals("Bearer " + upstreamKey, forwarded.headers().get("authorization"), "the sealed key is what the upstream gets");

            // a sealed value that does not open (another key, or tampered) is refused by name
            String tampered = sealed.substring(0, sealed.length() - 6) + "AAAAAA";
            admin().body("{\"credential_values\": {\"type\": \"api_key\", \"api_key\": \"" + tampered + "\"}}")
                    .when().put("/admin/api/credentials/vendor").then().statusCode(400)
                    .body("error.param", equalTo("credential_values.api_key"));
            admin().body("{\"token\": \"" + SECRET_VALUE + "\"}").when().post("/admin/api/explain").then().statusCode(400)
                    .body(not(containsString(SECRET_VALUE)));
            String export = admin().when().get("/admin/api/export").then().statusCode(200).extract().asString();
            assertTrue(export.contains(sealed) && !export.contains(upstreamKey), "export carries the sealed form only");
            admin().when().delete("/admin/api/models/ds-sealed").then().statusCode(204);
            admin().when().delete("/admin/api/credentials/vendor").then().statusCode(204);
            logLines = log.lines();
        }
        String audit = admin().when().get("/admin/api/audit?limit=500").then().statusCode(200).extract().asString();
        assertFalse(audit.contains(upstreamKey), "the audit shows only the sealed form");
        for (String line : logLines) {
            assertFalse(line.contains(upstreamKey) || line.contains(SECRET_VALUE), line);
        }
    }

    @Test
    void importWithDryRunShowsTheDifferenceAndBadFilesChangeNothing() {
        String withNewModel = exportBefore.replace("model_list:", """
                model_list:
                - model_name: ds-imported
                  litellm_params:
                    model: mock/imported""");
        importYaml(withNewModel, true)
                .then().statusCode(200).body("applied", equalTo(false))
                .body("changes.entity_key", contains("ds-imported"))
                .body("changes[0].change", equalTo("added"));
        admin().when().get("/admin/api/models/ds-imported").then().statusCode(404);

        for (String bad : List.of("model_list: [unclosed", // syntax error
                exportBefore.replace("- idp_role: ds-team\n    gateway_roles:\n    - data_science",
                        "- idp_role: ds-team\n    gateway_roles:\n    - no_such_role"), // unknown role
                exportBefore.replace("model_list:", "model_list:\n- model_name: chat\n  litellm_params:\n    model: openai/upstream-chat-1\n"
                        + "    api_base: http://127.0.0.1:1/v1\n- model_name: chat\n  litellm_params:\n    model: openai/upstream-chat-1\n"
                        + "    api_base: http://127.0.0.1:1/v1"), // duplicate model deployment
                exportBefore.replace("- tag:premium", "- tag:premium\n    - typo-model-*"))) { // pattern matching nothing
            importYaml(bad, false).then().statusCode(400)
                    .body("error.code", equalTo("invalid_policy"));
        }
        assertEquals(exportBefore, admin().when().get("/admin/api/export").then().extract().asString());

        importYaml(withNewModel, false)
                .then().statusCode(200).body("applied", equalTo(true));
        admin().when().get("/admin/api/models/ds-imported").then().statusCode(200);
    }

    @Test
    void exportThenImportChangesNothing() {
        importYaml(exportBefore, true)
                .then().statusCode(200).body("changes", org.hamcrest.Matchers.empty());
        assertTrue(exportBefore.contains("client_secret: os.environ/MODELGATE_TEST_CLIENT_SECRET"));
    }

    @Test
    void explainGivesTheDecisionTheGatewayEnforces() {
        admin().body("{\"idp_roles\": [\"ds-team\"], \"model\": \"premium-chat\"}").when().post("/admin/api/explain")
                .then().statusCode(200)
                .body("gateway_roles", contains("data_science"))
                .body("allowed_models", hasItem("premium-chat"))
                .body("decision.allowed", equalTo(true))
                .body("decision.rule", equalTo("data_science → tag:premium"));
        admin().body("{\"idp_roles\": [\"ds-team\"], \"model\": \"chat\"}").when().post("/admin/api/explain")
                .then().statusCode(200).body("decision.allowed", equalTo(false))
                .body("decision.outcome", equalTo("not_permitted"))
                .body("decision.roles_that_would_allow", hasItem("internal_user"));
    }

    @Test
    void explainVerifiesAPastedTokenAndReadsItsRoles() {
        String erin = TestIdentityProvider.current().tokenWithRoles("erin", "ds-team", "basic_user");
        admin().body("{\"token\": \"" + erin + "\", \"model\": \"premium-chat\"}").when().post("/admin/api/explain")
                .then().statusCode(200)
                .body("token.subject", equalTo("erin"))
                .body("idp_roles", hasItem("ds-team"))
                .body("gateway_roles", contains("data_science", "internal_user"))
                .body("decision.allowed", equalTo(true));
        String tampered = erin.substring(0, erin.length() - 4) + "AAAA";
        admin().body("{\"token\": \"" + tampered + "\"}").when().post("/admin/api/explain")
                .then().statusCode(400).body("error.param", equalTo("token")).body(not(containsString(tampered)));
    }

    @Test
    void theAuditLogPagesNewestFirstAndFilters() {
        for (String description : List.of("one", "two", "three")) {
            admin().body("{\"description\": \"" + description + "\"}").when().put("/admin/api/roles/credential_tester")
                    .then().statusCode(200);
        }
        Response first = admin().when().get("/admin/api/audit?entity_type=role&entity_key=credential_tester&limit=2");
        first.then().statusCode(200).body("data.after.description", contains("three", "two"));
        long next = first.jsonPath().getLong("next_before_id");
        admin().when().get("/admin/api/audit?entity_type=role&entity_key=credential_tester&limit=2&before_id=" + next)
                .then().body("data.after.description", hasItem("one"));
        admin().when().get("/admin/api/audit?actor=alice-admin&since=2000-01-01T00:00:00Z&entity_type=role").then()
                .body("data.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(3));
        admin().when().get("/admin/api/audit?actor=nobody-else").then().body("data", org.hamcrest.Matchers.empty());
        admin().when().get("/admin/api/audit?since=yesterday").then().statusCode(400).body("error.param", equalTo("since"));
    }

    @Test
    void trustedIssuersAreListedReadOnly() {
        admin().when().get("/admin/api/issuers").then().statusCode(200)
                .body("data.issuer", hasItem(TestIdentityProvider.ISSUER))
                .body("data.find { it.name == 'default' }.audience", contains(TestIdentityProvider.AUDIENCE));
        admin().body("{}").when().put("/admin/api/issuers").then().statusCode(405);
    }

    @Test
    void theAdminApiIsDescribedInOpenApi() {
        Response openApi = given().accept("application/json").when().get("/q/openapi");
        openApi.then().statusCode(200)
                .body("paths.'/admin/api/explain'.post.requestBody.content.'application/json'.examples", notNullValue())
                // every object write takes, and every read returns, its record's schema
                .body("paths.'/admin/api/models'.post.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/Model"))
                .body("paths.'/admin/api/credentials/{key}'.put.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/Credential"))
                .body("paths.'/admin/api/settings'.put.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/JwtAuthSettings"))
                .body("paths.'/admin/api/roles/{key}'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/GatewayRole"))
                .body("components.schemas.Model.properties", org.hamcrest.Matchers.hasKey("model_name"))
                .body("components.schemas.DeploymentParams.properties", org.hamcrest.Matchers.hasKey("litellm_credential_name"))
                .body("components.schemas.RoleMapping.properties", org.hamcrest.Matchers.hasKey("gateway_roles"));
        for (String path : List.of("/admin/api/models", "/admin/api/roles/{key}", "/admin/api/audit", "/admin/api/explain",
                "/admin/api/import", "/admin/api/issuers", "/admin/api/settings")) {
            openApi.then().body("paths", org.hamcrest.Matchers.hasKey(path));
        }
    }

    @Test
    void settingsFollowTheSameETagRules() {
        Response settings = admin().when().get("/admin/api/settings");
        settings.then().statusCode(200).body("enforce_rbac", equalTo(true));
        admin().header("If-Match", "\"stale\"").body("{\"user_roles_jwt_field\": \"roles\", \"enforce_rbac\": false}")
                .when().put("/admin/api/settings").then().statusCode(412);
        admin().header("If-Match", settings.header("ETag"))
                .body("{\"user_roles_jwt_field\": [\"roles\", \"realm_access.roles\"], \"user_allowed_roles\": [\"basic_user\"], \"enforce_rbac\": true}")
                .when().put("/admin/api/settings").then().statusCode(200);
    }

    @Test
    void theAuditLogStartsWithTheBootstrapImport() {
        Response oldest = admin().when().get("/admin/api/audit?actor=system&entity_type=policy&limit=500");
        oldest.then().statusCode(200);
        List<Object> events = oldest.jsonPath().getList("data");
        String first = "data[" + (events.size() - 1) + "]";
        oldest.then().body(first + ".action", equalTo("import"))
                .body(first + ".actor.subject", equalTo("system"))
                .body(first + ".after.source", containsString(".yaml"))
                .body(first + ".after.added", hasItem("model:chat"))
                .body(first + ".after.added", hasItem("credential:idp-post"));
    }

    @Test
    void anImportListsTheKeysItIgnoresAndRefusesUnknownOnesUnderModelgate() {
        importYaml(exportBefore + "litellm_settings:\n  drop_params: true\n", true).then().statusCode(200)
                .body("changes", org.hamcrest.Matchers.empty())
                .body("ignored", contains("litellm_settings"));
        importYaml(exportBefore.replace("modelgate:\n", "modelgate:\n  limts: []\n"), true).then().statusCode(400)
                .body("error.problems.field", contains("modelgate.limts"));
        admin().body("{\"name\": \"analysts\", \"descripton\": \"typo\"}").when().post("/admin/api/roles")
                .then().statusCode(400).body("error.problems.field", contains("descripton"));
    }

    @Test
    void ofTwoRolesThatAllowAModelExplainCreditsTheFirstByName() {
        admin().body("{\"models\": [\"cred-*\", \"premium-chat\"]}").when().put("/admin/api/permissions/credential_tester")
                .then().statusCode(200);
        admin().body("{\"idp_roles\": [\"ds-team\", \"cred-tester\"], \"model\": \"premium-chat\"}").when().post("/admin/api/explain")
                .then().statusCode(200)
                .body("decision.allowed", equalTo(true))
                .body("decision.granted_by", equalTo("credential_tester"))
                .body("decision.permitted_by", contains("credential_tester", "data_science"));
    }

    private static Response importYaml(String yaml, boolean dryRun) {
        return admin().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .when().post("/admin/api/import?dry_run=" + dryRun);
    }
}
