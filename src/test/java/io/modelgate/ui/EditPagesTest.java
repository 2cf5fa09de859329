package io.modelgate.ui;

import io.modelgate.testing.Browser;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages that create, edit and delete models and upstream credentials, in headless Chromium signed in
 * through the dev identity provider. What the pages store is checked through the admin API.
 */
@QuarkusTest
@TestProfile(DevSignInTest.DevIdentityProvider.class)
class EditPagesTest {

    private static final String BASE = "http://localhost:" + DevSignInTest.PORT + "/admin";

    @Test
    void aModelIsCreatedEditedAndDeletedWithMessagesNextToTheFields() {
        try (Browser browser = new Browser()) {
            WebDriver page = browser.driver();
            DevSignInTest.signInAsAda(browser, BASE + "/models/new", By.id("model_name"));
            page.findElement(By.id("model_name")).sendKeys("ui-made");
            page.findElement(By.id("tags")).sendKeys("ui, premium");
            new Select(page.findElement(By.id("deployments[0].provider"))).selectByValue("mock");
            page.findElement(By.id("deployments[0].upstream_model")).sendKeys("echo");
            page.findElement(By.id("deployments[0].api_base")).sendKeys("not a url");
            page.findElement(By.xpath("//button[text()='Create model']")).click();

            WebElement baseError = browser.waitFor(By.id("deployments[0].api_base-error"));
            assertTrue(baseError.getText().contains("not a valid URL") || baseError.getText().contains("not an http(s) URL"), baseError.getText());
            assertEquals("ui-made", page.findElement(By.id("model_name")).getAttribute("value"), "what was typed is kept");
            assertEquals("true", page.findElement(By.id("deployments[0].api_base")).getAttribute("aria-invalid"));
            browser.screenshot("model-form-error");
            api().get("/admin/api/models/ui-made").then().statusCode(404);

            page.findElement(By.id("deployments[0].api_base")).clear();
            page.findElement(By.xpath("//button[text()='Add another deployment']")).click();
            browser.waitFor(By.id("deployments[1].upstream_model")).sendKeys("echo-two");
            assertTrue(page.getCurrentUrl().endsWith("/admin/models/new"), "the row was added in place");
            new Select(page.findElement(By.id("deployments[1].provider"))).selectByValue("mock");
            page.findElement(By.id("deployments[1].weight")).clear();
            page.findElement(By.id("deployments[1].weight")).sendKeys("3");
            page.findElement(By.id("deployments[1].params")).sendKeys("mock_response: from the second deployment");
            page.findElement(By.xpath("//button[text()='Create model']")).click();

            assertEquals("Model ui-made created.", browser.waitFor(By.cssSelector(".notice")).getText());
            String row = page.findElement(By.xpath("//tr[td/strong[text()='ui-made']]")).getText();
            assertTrue(row.contains("mock/echo") && row.contains("mock/echo-two") && row.contains("weight 3"), row);
            browser.screenshot("models");
            JsonPath stored = api().get("/admin/api/models/ui-made").then().statusCode(200).extract().jsonPath();
            assertEquals(List.of("ui", "premium"), stored.getList("tags"));
            assertEquals(List.of("mock/echo", "mock/echo-two"), stored.getList("deployments.model"));
            assertEquals(3, stored.getInt("deployments[1].weight"));
            assertEquals("from the second deployment", stored.getString("deployments[1].mock_response"));

            // someone else edits the model while this operator has the form open
            browser.open(BASE + "/models/edit?name=ui-made");
            page.findElement(By.id("description")).sendKeys("typed by ada");
            Map<String, Object> changed = stored.getMap("");
            changed.put("description", "changed through the API");
            api().contentType("application/json").body(changed).put("/admin/api/models/ui-made").then().statusCode(200);
            page.findElement(By.xpath("//button[text()='Save model']")).click();
            WebElement conflict = browser.waitFor(By.id("form-error"));
            assertTrue(conflict.getText().startsWith("Someone else changed this since you opened the page. Nothing was saved"), conflict.getText());
            assertEquals("typed by ada", page.findElement(By.id("description")).getAttribute("value"));
            browser.screenshot("model-form-conflict");
            assertEquals("changed through the API", api().get("/admin/api/models/ui-made").jsonPath().getString("description"));

            browser.open(BASE + "/models/edit?name=ui-made");
            page.findElement(By.name("deployments[1].remove")).click();
            page.findElement(By.xpath("//button[text()='Save model']")).click();
            assertEquals("Model ui-made saved.", browser.waitFor(By.cssSelector(".notice")).getText());
            assertEquals(List.of("mock/echo"), api().get("/admin/api/models/ui-made").jsonPath().getList("deployments.model"));

            page.findElement(By.cssSelector("a[aria-label='Delete ui-made']")).click();
            browser.waitFor(By.xpath("//button[text()='Delete model ui-made']"));
            browser.screenshot("model-delete");
            page.findElement(By.xpath("//button[text()='Delete model ui-made']")).click();
            assertEquals("Model ui-made deleted.", browser.waitFor(By.cssSelector(".notice")).getText());
            api().get("/admin/api/models/ui-made").then().statusCode(404);
            JsonPath audit = api().get("/admin/api/audit?entity_type=model&entity_key=ui-made").jsonPath();
            assertEquals(List.of("delete", "update", "update", "create"), audit.getList("data.action"), "each save audited once, newest first");
            assertEquals(List.of("ada", "ada", "ui-test-admin", "ada"), audit.getList("data.actor.subject"));
        }
    }

    @Test
    void aLimitIsCreatedEditedAndDeletedWithMessagesNextToTheFields() {
        try (Browser browser = new Browser()) {
            WebDriver page = browser.driver();
            DevSignInTest.signInAsAda(browser, BASE + "/limits/new", By.id("name"));
            assertEquals("page", page.findElement(By.linkText("Limits")).getAttribute("aria-current"));
            assertFalse(page.findElement(By.id("subject")).isDisplayed(), "a role limit's form hides the subject");
            page.findElement(By.id("name")).sendKeys("ui-limit");
            new Select(page.findElement(By.id("role"))).selectByValue("internal_user");
            page.findElement(By.id("models")).sendKeys("priced-chat, mock-*");
            page.findElement(By.id("rpm")).sendKeys("ten");
            new Select(page.findElement(By.id("budget_kind"))).selectByValue("usd");
            page.findElement(By.id("budget_amount")).sendKeys("12.50");
            page.findElement(By.xpath("//button[text()='Create limit']")).click();

            assertEquals("must be a whole number, like 60", browser.waitFor(By.id("rpm-error")).getText());
            assertEquals("true", page.findElement(By.id("rpm")).getAttribute("aria-invalid"));
            assertEquals("ten", page.findElement(By.id("rpm")).getAttribute("value"), "what was typed is kept");
            assertEquals("12.50", page.findElement(By.id("budget_amount")).getAttribute("value"));
            browser.screenshot("limit-form-error");
            api().get("/admin/api/limits/ui-limit").then().statusCode(404);

            page.findElement(By.id("rpm")).clear();
            page.findElement(By.id("rpm")).sendKeys("60");
            page.findElement(By.xpath("//button[text()='Create limit']")).click();
            assertEquals("is required: day, week or month", browser.waitFor(By.id("budget_period-error")).getText(), "the policy's own message");
            assertEquals("true", page.findElement(By.id("budget_period")).getAttribute("aria-invalid"));
            api().get("/admin/api/limits/ui-limit").then().statusCode(404);

            new Select(page.findElement(By.id("budget_period"))).selectByValue("month");
            page.findElement(By.xpath("//button[text()='Create limit']")).click();
            assertEquals("Limit ui-limit created.", browser.waitFor(By.cssSelector(".notice")).getText());
            String row = page.findElement(By.xpath("//tr[td/strong[text()='ui-limit']]")).getText();
            assertTrue(row.contains("role internal_user") && row.contains("each caller") && row.contains("12.5 USD per month"), row);
            browser.screenshot("limits");
            JsonPath stored = api().get("/admin/api/limits/ui-limit").then().statusCode(200).extract().jsonPath();
            assertEquals(Map.of("name", "ui-limit", "role", "internal_user", "models", List.of("priced-chat", "mock-*"), "rpm", 60,
                    "budget", Map.of("usd", 12.5f, "period", "month")), stored.getMap(""));

            page.findElement(By.cssSelector("a[aria-label='Edit ui-limit']")).click();
            assertEquals("ui-limit", browser.waitFor(By.id("name")).getAttribute("value"));
            assertEquals("true", page.findElement(By.id("name")).getAttribute("readonly"), "a limit is renamed by creating another");
            new Select(page.findElement(By.id("budget_kind"))).selectByValue("tokens");
            page.findElement(By.id("budget_amount")).clear();
            page.findElement(By.id("budget_amount")).sendKeys("1000000");
            new Select(page.findElement(By.id("budget_period"))).selectByValue("week");
            page.findElement(By.xpath("//button[text()='Save limit']")).click();
            assertEquals("Limit ui-limit saved.", browser.waitFor(By.cssSelector(".notice")).getText());
            row = page.findElement(By.xpath("//tr[td/strong[text()='ui-limit']]")).getText();
            assertTrue(row.contains("1,000,000 tokens per week"), row);
            assertEquals(Map.of("tokens", 1000000, "period", "week"), api().get("/admin/api/limits/ui-limit").jsonPath().getMap("budget"));

            page.findElement(By.cssSelector("a[aria-label='Delete ui-limit']")).click();
            page.findElement(By.xpath("//button[text()='Delete limit ui-limit']")).click();
            assertEquals("Limit ui-limit deleted.", browser.waitFor(By.cssSelector(".notice")).getText());
            api().get("/admin/api/limits/ui-limit").then().statusCode(404);

            browser.open(BASE + "/limits/edit?name=ui-limit");
            assertEquals("There is no limit 'ui-limit' (any more).", browser.waitFor(By.cssSelector(".error")).getText());
        } finally {
            api().delete("/admin/api/limits/ui-limit"); // a left-over limit would hold back the other tests' callers
        }
    }

    @Test
    void aCredentialsSecretIsWriteOnlyAndKeptWhenNotRetyped() {
        String secret = System.getenv("MODELGATE_TEST_CLIENT_SECRET");
        JsonPath template = api().get("/admin/api/credentials/idp-post").jsonPath();
        try (Browser browser = new Browser()) {
            WebDriver page = browser.driver();
            DevSignInTest.signInAsAda(browser, BASE + "/credentials/new", By.id("credential_name"));
            assertTrue(page.findElement(By.id("token_url")).isDisplayed());
            assertFalse(page.findElement(By.id("tenant_id")).isDisplayed(), "Entra ID fields are hidden for an OAuth2 credential");
            page.findElement(By.id("credential_name")).sendKeys("ui-idp");
            page.findElement(By.id("token_url")).sendKeys("ftp://nowhere");
            page.findElement(By.id("client_id")).sendKeys(template.getString("credential_values.client_id"));
            page.findElement(By.id("client_secret")).sendKeys(secret);
            new Select(page.findElement(By.id("client_auth"))).selectByValue("client_secret_post");
            page.findElement(By.id("scope")).sendKeys("llm.invoke");
            page.findElement(By.xpath("//button[text()='Create credential']")).click();

            assertTrue(browser.waitFor(By.id("token_url-error")).getText().contains("http(s) URL"));
            assertEquals("", page.findElement(By.id("client_secret")).getAttribute("value"), "a typed secret is not rendered back");
            assertFalse(page.getPageSource().contains(secret));
            browser.screenshot("credential-form-error");

            page.findElement(By.id("token_url")).clear();
            page.findElement(By.id("token_url")).sendKeys(template.getString("credential_values.token_url"));
            page.findElement(By.id("client_secret")).sendKeys(secret);
            page.findElement(By.xpath("//button[text()='Create credential']")).click();
            assertEquals("Credential ui-idp created.", browser.waitFor(By.cssSelector(".notice")).getText());
            String row = page.findElement(By.xpath("//tr[td/strong[text()='ui-idp']]")).getText();
            assertTrue(row.contains("client_secret: set (stored sealed)"), row);
            assertFalse(page.getPageSource().contains(secret), "the secret is never shown");
            assertTrue(api().get("/admin/api/credentials/ui-idp").jsonPath().getString("credential_values.client_secret")
                    .startsWith("modelgate/sealed:v1:"));

            page.findElement(By.cssSelector("button[aria-label='Test ui-idp']")).click();
            assertTrue(browser.waitForText(By.id("test-result"), "ui-idp:").getText().contains("A token was obtained"),
                    page.findElement(By.id("test-result")).getText());

            // edit without retyping the secret: it is kept
            page.findElement(By.cssSelector("a[aria-label='Edit ui-idp']")).click();
            WebElement scope = browser.waitFor(By.id("scope"));
            assertTrue(page.findElement(By.tagName("form")).getText().contains("set (stored sealed)"));
            scope.clear();
            scope.sendKeys("llm.invoke llm.read");
            browser.screenshot("credential-form");
            page.findElement(By.xpath("//button[text()='Save credential']")).click();
            assertEquals("Credential ui-idp saved.", browser.waitFor(By.cssSelector(".notice")).getText());
            page.findElement(By.cssSelector("button[aria-label='Test ui-idp']")).click();
            assertTrue(browser.waitForText(By.id("test-result"), "ui-idp:").getText().contains("A token was obtained"),
                    page.findElement(By.id("test-result")).getText());
            assertEquals(List.of("llm.invoke", "llm.read"), api().get("/admin/api/credentials/ui-idp").jsonPath().getList("credential_values.scope"));

            // a credential in use cannot be deleted; the page says by whom
            browser.open(BASE + "/credentials/delete?name=idp-post");
            assertTrue(page.findElement(By.className("lead")).getText().contains("cred-oauth-post"), page.findElement(By.tagName("main")).getText());
            page.findElement(By.xpath("//button[text()='Delete credential idp-post']")).click();
            browser.waitFor(By.cssSelector(".error"));
            api().get("/admin/api/credentials/idp-post").then().statusCode(200);

            browser.open(BASE + "/credentials/delete?name=ui-idp");
            page.findElement(By.xpath("//button[text()='Delete credential ui-idp']")).click();
            assertEquals("Credential ui-idp deleted.", browser.waitFor(By.cssSelector(".notice")).getText());
            api().get("/admin/api/credentials/ui-idp").then().statusCode(404);
        }
    }

    @Test
    void theModelFormAndTheCredentialTestWorkWithoutJavaScript() {
        try (Browser browser = Browser.withoutJavaScript()) {
            WebDriver page = browser.driver();
            DevSignInTest.signInAsAda(browser, BASE + "/models/new", By.id("model_name"));
            page.findElement(By.id("model_name")).sendKeys("no-js");
            page.findElement(By.id("deployments[0].upstream_model")).sendKeys("first");
            page.findElement(By.xpath("//button[text()='Add another deployment']")).click();
            browser.waitFor(By.id("deployments[1].upstream_model")).sendKeys("second");
            assertEquals("first", page.findElement(By.id("deployments[0].upstream_model")).getAttribute("value"));
            page.findElement(By.id("deployments[0].api_base")).sendKeys("http://127.0.0.1:9/v1");
            page.findElement(By.id("deployments[1].api_base")).sendKeys("http://127.0.0.1:9/v1");
            page.findElement(By.xpath("//button[text()='Create model']")).click();
            assertEquals("Model no-js created.", browser.waitFor(By.cssSelector(".notice")).getText());
            assertEquals(List.of("openai/first", "openai/second"), api().get("/admin/api/models/no-js").jsonPath().getList("deployments.model"));

            browser.open(BASE + "/models/delete?name=no-js");
            page.findElement(By.xpath("//button[text()='Delete model no-js']")).click();
            assertEquals("Model no-js deleted.", browser.waitFor(By.cssSelector(".notice")).getText());

            browser.open(BASE + "/credentials");
            page.findElement(By.cssSelector("button[aria-label='Test idp-post']")).click();
            assertTrue(browser.waitForText(By.id("test-result"), "idp-post:").getText().contains("A token was obtained"));
            assertTrue(page.getCurrentUrl().endsWith("/admin/credentials/test"), "a plain form post, answered with the whole page");
        }
    }

    private static RequestSpecification api() {
        return given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("ui-test-admin", "proxy_admin"));
    }
}
