package io.modelgate.ui;

import io.modelgate.testing.Browser;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MCP server pages in headless Chromium: create, test (the server's tools listed), edit, delete; stored as the admin API shows. */
@QuarkusTest
@TestProfile(DevSignInTest.DevIdentityProvider.class)
class McpServerPagesTest {

    private static final String BASE = "http://localhost:" + DevSignInTest.PORT + "/admin";

    @Test
    void anMcpServerIsCreatedTestedEditedAndDeleted() {
        try (Browser browser = new Browser()) {
            WebDriver page = browser.driver();
            DevSignInTest.signInAsAda(browser, BASE + "/mcp-servers/new", By.id("server_name"));
            assertEquals("page", page.findElement(By.linkText("MCP servers")).getAttribute("aria-current"));
            page.findElement(By.id("server_name")).sendKeys("ui-desk");
            page.findElement(By.id("url")).sendKeys("not a url");
            page.findElement(By.id("timeout")).sendKeys("soon");
            page.findElement(By.xpath("//button[text()='Create MCP server']")).click();
            assertEquals("must be a number of seconds, like 60", browser.waitFor(By.id("timeout-error")).getText());
            api().get("/admin/api/mcp-servers/ui-desk").then().statusCode(404);

            page.findElement(By.id("timeout")).clear();
            page.findElement(By.xpath("//button[text()='Create MCP server']")).click();
            String urlError = browser.waitFor(By.id("url-error")).getText();
            assertTrue(urlError.startsWith("is not a valid URL"), "the policy's own message: " + urlError);
            api().get("/admin/api/mcp-servers/ui-desk").then().statusCode(404);

            new Select(page.findElement(By.id("transport"))).selectByValue("mock");
            page.findElement(By.id("disallowed_tools")).sendKeys("delete_*, count");
            page.findElement(By.xpath("//button[text()='Create MCP server']")).click();
            assertEquals("MCP server ui-desk created.", browser.waitFor(By.cssSelector(".notice")).getText());
            String row = page.findElement(By.xpath("//tr[td/strong[text()='ui-desk']]")).getText();
            assertTrue(row.contains("built-in mock") && row.contains("never delete_*, count"), row);
            assertEquals(Map.of("server_name", "ui-desk", "transport", "mock", "disallowed_tools", List.of("delete_*", "count")),
                    api().get("/admin/api/mcp-servers/ui-desk").jsonPath().getMap(""));

            page.findElement(By.cssSelector("button[aria-label='Test ui-desk']")).click();
            String tested = browser.waitFor(By.cssSelector("#test-result .notice")).getText();
            assertTrue(tested.contains("modelgate-mock-mcp answered") && tested.contains("search_tickets,"), tested);
            assertTrue(tested.contains("delete_ticket (not offered)") && tested.contains("count (not offered)"), tested);
            browser.screenshot("mcp-servers");

            page.findElement(By.cssSelector("a[aria-label='Edit ui-desk']")).click();
            page.findElement(By.id("description")).sendKeys("Tickets, read-only");
            page.findElement(By.xpath("//button[text()='Save MCP server']")).click();
            assertEquals("MCP server ui-desk saved.", browser.waitFor(By.cssSelector(".notice")).getText());
            assertEquals("Tickets, read-only", api().get("/admin/api/mcp-servers/ui-desk").jsonPath().getString("description"));

            page.findElement(By.cssSelector("a[aria-label='Delete ui-desk']")).click();
            page.findElement(By.xpath("//button[text()='Delete MCP server ui-desk']")).click();
            assertEquals("MCP server ui-desk deleted.", browser.waitFor(By.cssSelector(".notice")).getText());
            api().get("/admin/api/mcp-servers/ui-desk").then().statusCode(404);
        } finally {
            api().delete("/admin/api/mcp-servers/ui-desk");
        }
    }

    @Test
    void aRolesMcpGrantsAreEditedOnTheMatrixAndItsModelGrantsKept() {
        List<String> models = api().get("/admin/api/permissions/data_science").jsonPath().getList("models");
        List<String> mcp = api().get("/admin/api/permissions/data_science").jsonPath().getList("mcp");
        try (Browser browser = new Browser()) {
            WebDriver page = browser.driver();
            DevSignInTest.signInAsAda(browser, BASE + "/permissions", By.name("mcp.data_science"));
            page.findElement(By.name("mcp.data_science")).clear();
            page.findElement(By.name("mcp.data_science")).sendKeys("desk/search_*, ghost/*");
            page.findElement(By.xpath("//button[text()='Save permissions']")).click();
            String error = browser.waitFor(By.cssSelector(".error")).getText();
            assertTrue(error.contains("'ghost/*' of role 'data_science' names no MCP server"), error);
            assertEquals("desk/search_*, ghost/*", page.findElement(By.name("mcp.data_science")).getAttribute("value"), "what was typed is kept");

            page.findElement(By.name("mcp.data_science")).clear();
            page.findElement(By.name("mcp.data_science")).sendKeys("desk/search_*, desk/get_ticket");
            page.findElement(By.xpath("//button[text()='Save permissions']")).click();
            assertEquals("Saved: 1 role(s) changed.", browser.waitFor(By.cssSelector(".notice")).getText());
            assertEquals(List.of("desk/search_*", "desk/get_ticket"), api().get("/admin/api/permissions/data_science").jsonPath().getList("mcp"));
            assertEquals(models, api().get("/admin/api/permissions/data_science").jsonPath().getList("models"), "its models untouched");
        } finally {
            api().contentType("application/json").body(Map.of("models", models, "mcp", mcp == null ? List.of() : mcp))
                    .put("/admin/api/permissions/data_science");
        }
    }

    private static RequestSpecification api() {
        return given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("ui-test-admin", "proxy_admin"));
    }
}
