package io.modelgate.ui;

import io.modelgate.testing.Browser;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Usage page draws what callers used as a chart, lists the top callers, the MCP tools called and each budget's spending; the overview shows
 * the month's spend and the budgets; explain lists the limits.
 */
@QuarkusTest
@TestProfile(DevSignInTest.DevIdentityProvider.class)
class UsagePageTest {

    private static final String BASE = "http://localhost:" + DevSignInTest.PORT;

    @Test
    void usageIsChartedAndTheTopCallersAndBudgetsListed() {
        String admin = TestIdentityProvider.current().tokenWithRoles("usage-page-admin", "proxy_admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"ui-team-budget\",\"role\":\"internal_user\","
                + "\"per\":\"role\",\"models\":[\"priced-chat\"],\"budget\":{\"usd\":100,\"period\":\"month\"}}")
                .when().post(BASE + "/admin/api/limits").then().statusCode(201);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"ui-each-caller\",\"role\":\"internal_user\","
                + "\"models\":[\"priced-chat\"],\"budget\":{\"usd\":5,\"period\":\"month\"}}")
                .when().post(BASE + "/admin/api/limits").then().statusCode(201);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"name\":\"ui-chart-caller\",\"subject\":\"chart-caller\","
                + "\"budget\":{\"tokens\":100000000,\"period\":\"day\"}}")
                .when().post(BASE + "/admin/api/limits").then().statusCode(201);
        try {
            String caller = TestIdentityProvider.current().tokenWithRoles("chart-caller", "basic_user");
            for (int i = 0; i < 3; i++) {
                given().auth().oauth2(caller).contentType(ContentType.JSON)
                        .body("{\"model\":\"priced-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"draw me\"}]}")
                        .when().post(BASE + "/v1/chat/completions").then().statusCode(200);
            }
            given().auth().oauth2(caller).contentType(ContentType.JSON) // refused: shown as a refusal, not as usage
                    .body("{\"model\":\"secret-model\",\"messages\":[{\"role\":\"user\",\"content\":\"let me in\"}]}")
                    .when().post(BASE + "/v1/chat/completions").then().statusCode(403);
            String session = mcp(caller, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"page\",\"version\":\"1\"}}}").extract().header("Mcp-Session-Id");
            mcp(caller, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}}");
            mcp(caller, session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"delete_ticket\",\"arguments\":{}}}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(admin)
                    .get(BASE + "/admin/api/usage?subject=chart-caller").then().extract().path("totals.requests").equals(3));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(admin)
                    .get(BASE + "/admin/api/usage/tools?subject=chart-caller").then().extract().path("totals.calls").equals(2));
            try (Browser browser = new Browser()) {
                WebDriver page = browser.driver();
                DevSignInTest.signInAsAda(browser, BASE + "/admin/usage?measure=cost", By.tagName("h1"));
                assertFalse(page.findElements(By.cssSelector("svg.chart rect")).isEmpty(), page.getPageSource());
                assertTrue(page.findElement(By.cssSelector(".legend")).getText().contains("priced-chat"), page.getPageSource());
                assertTrue(page.findElement(By.id("top")).findElement(By.xpath("..")).getText().contains("chart-caller"));
                String budgets = page.findElement(By.id("budgets")).findElement(By.xpath("..")).getText();
                assertTrue(budgets.contains("ui-team-budget") && budgets.contains("$100") && budgets.contains("per month"), budgets);
                String refusals = page.findElement(By.id("refusals")).findElement(By.xpath("..")).getText();
                assertTrue(refusals.contains("secret-model model_not_permitted"), refusals);
                String tools = page.findElement(By.id("tools")).findElement(By.xpath("..")).getText();
                assertTrue(tools.contains("desk echo 1 0 0") && tools.contains("desk delete_ticket 1 1 0"), tools);
                browser.screenshot("usage-page");

                browser.open(BASE + "/admin");
                assertFalse(page.findElement(By.id("month-cost")).getText().equals("$0.00"), page.findElement(By.id("spend")).getText());
                String spend = page.findElement(By.id("spend")).findElement(By.xpath("..")).getText();
                assertTrue(spend.contains("ui-team-budget") && spend.contains("role internal_user, together") && spend.contains("$100 per month"), spend);
                assertTrue(spend.contains("role internal_user, each caller") && spend.contains("highest: ") && spend.contains("$5.00 per month"), spend);
                WebElement own = page.findElement(By.xpath("//tr[td[text()='ui-chart-caller']]"));
                assertTrue(own.getText().contains("subject chart-caller"), own.getText());
                assertFalse(own.findElements(By.tagName("td")).get(2).getText().equals("0"), "the tokens chart-caller used today: " + own.getText());
                assertEquals(3, page.findElements(By.cssSelector("#spend ~ table meter")).size(), "a meter for each budget");
                browser.screenshot("overview-spend");
                page.findElement(By.linkText("Usage by day, model and caller")).click();
                browser.waitFor(By.id("budgets"));

                browser.open(BASE + "/admin/explain?roles=basic_user&model=priced-chat");
                String limits = browser.waitFor(By.id("limits")).getText();
                assertTrue(limits.contains("ui-team-budget (per role)") && limits.contains("this month, resets"), limits);

                browser.open(BASE + "/admin/usage?role=nobody-has-this");
                assertTrue(browser.waitFor(By.tagName("main")).getText().contains("No usage in this period for role nobody-has-this"));
            }
        } finally {
            for (String limit : new String[] {"ui-team-budget", "ui-each-caller", "ui-chart-caller"}) {
                given().auth().oauth2(admin).when().delete(BASE + "/admin/api/limits/" + limit).then().statusCode(204);
            }
        }
    }

    private static io.restassured.response.ValidatableResponse mcp(String token, String session, String body) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON).accept("application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-06-18");
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return request.body(body).when().post(BASE + "/mcp/desk").then().statusCode(200);
    }
}
