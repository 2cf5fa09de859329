package io.modelgate.mcp;

import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** MCP servers and MCP grants as policy objects of the admin API: created, granted, served, audited, refused when bad. */
@QuarkusTest
class McpServersAdminTest {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
             "clientInfo":{"name":"test","version":"1"}}}""";
    private String exportBefore;

    private static RequestSpecification admin() {
        return given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("alice-admin", "proxy_admin")).contentType(ContentType.JSON);
    }

    @BeforeEach
    void rememberPolicy() {
        exportBefore = admin().when().get("/admin/api/export").then().statusCode(200).extract().asString();
    }

    @AfterEach
    void restorePolicy() {
        admin().contentType("application/yaml").body(exportBefore.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/admin/api/import?dry_run=false")
                .then().statusCode(200);
    }

    @Test
    void aServerCreatedAndGrantedThroughTheApiIsServedAndAudited() {
        String carol = TestIdentityProvider.current().tokenWithRoles("carol", "ds-team");
        initialize(carol, "helpdesk").statusCode(403);
        admin().body("""
                {"server_name": "helpdesk", "transport": "mock", "description": "Another desk", "disallowed_tools": ["delete_*"]}""")
                .when().post("/admin/api/mcp-servers").then().statusCode(201).body("server_name", is("helpdesk"));
        admin().body("""
                {"models": ["ds-*", "tag:premium"], "mcp": ["desk/*", "helpdesk"]}""")
                .when().put("/admin/api/permissions/data_science").then().statusCode(200).body("mcp", is(List.of("desk/*", "helpdesk")));
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> initialize(carol, "helpdesk").statusCode(200));
        String session = initialize(carol, "helpdesk").extract().header(McpEndpoint.SESSION);
        given().auth().oauth2(carol).contentType("application/json").accept("application/json, text/event-stream")
                .header(McpEndpoint.SESSION, session).body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
                .post("/mcp/helpdesk").then().statusCode(200)
                .body("result.tools.name", is(List.of("search_tickets", "get_ticket", "echo", "count"))); // the server offers no delete_*
        admin().when().get("/admin/api/audit?entity_type=mcp_server&entity_key=helpdesk").then().statusCode(200)
                .body("data[0].action", equalTo("create")).body("data[0].after.description", equalTo("Another desk"));
        admin().when().get("/admin/api/export").then().statusCode(200).body(containsString("helpdesk:"));
    }

    @Test
    void explainSaysWhetherACallerMayCallAToolAndWhichRoleGrantsIt() {
        admin().body("{\"idp_roles\": [\"basic_user\"], \"tool\": \"desk/echo\"}").when().post("/admin/api/explain").then().statusCode(200)
                .body("allowed_mcp_servers", is(List.of("desk", "notes")))
                .body("mcp_decision.allowed", is(true)).body("mcp_decision.granted_by", is("internal_user"))
                .body("mcp_decision.rule", is("internal_user → desk/echo"));
        admin().body("{\"idp_roles\": [\"basic_user\"], \"tool\": \"desk/delete_ticket\"}").when().post("/admin/api/explain").then()
                .statusCode(200).body("mcp_decision.allowed", is(false)).body("mcp_decision.outcome", is("not_permitted"))
                .body("mcp_decision.roles_that_would_allow", is(List.of("data_science", "proxy_admin")));
        admin().body("{\"idp_roles\": [\"ds-team\"], \"tool\": \"notes\"}").when().post("/admin/api/explain").then()
                .statusCode(200).body("mcp_decision.allowed", is(false)).body("allowed_mcp_servers", is(List.of("desk")));
    }

    @Test
    void badServersAndGrantsAre400sNamingTheField() {
        admin().body("{\"server_name\": \"bad__name\", \"url\": \"https://x.example.com/mcp\"}").when().post("/admin/api/mcp-servers").then()
                .statusCode(400).body("error.problems.field", hasItem("server_name"));
        admin().body("{\"server_name\": \"nourl\"}").when().post("/admin/api/mcp-servers").then()
                .statusCode(400).body("error.problems.field", hasItem("url"));
        admin().body("{\"models\": [\"ds-*\"], \"mcp\": [\"ghost/*\"]}").when().put("/admin/api/permissions/data_science").then()
                .statusCode(400).body("error.problems.field", hasItem("mcp[0]"));
    }

    private static io.restassured.response.ValidatableResponse initialize(String token, String server) {
        return given().auth().oauth2(token).contentType("application/json").accept("application/json, text/event-stream")
                .body(INITIALIZE).post("/mcp/" + server).then();
    }
}
