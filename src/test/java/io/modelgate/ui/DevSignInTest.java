package io.modelgate.ui;

import io.modelgate.testing.Browser;
import io.modelgate.testing.GatewayProcess;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stand-in identity provider of dev mode signs people in to the operator UI (the same
 * configuration as %dev, on the test build): the demo admin gets in, a demo user without proxy_admin
 * is refused, and signing out returns to the sign-in page.
 */
@QuarkusTest
@TestProfile(DevSignInTest.DevIdentityProvider.class)
class DevSignInTest {

    static final int PORT = freePort();

    public static class DevIdentityProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String base = "http://localhost:" + PORT + "/dev";
            return Map.ofEntries(Map.entry("quarkus.http.test-port", String.valueOf(PORT)),
                    Map.entry("quarkus.oidc.ui.auth-server-url", base),
                    Map.entry("quarkus.oidc.ui.discovery-enabled", "false"),
                    Map.entry("quarkus.oidc.ui.authorization-path", "authorize"),
                    Map.entry("quarkus.oidc.ui.token-path", "code-token"),
                    Map.entry("quarkus.oidc.ui.jwks-path", "jwks"),
                    Map.entry("quarkus.oidc.ui.end-session-path", "logout"),
                    Map.entry("quarkus.oidc.ui.token.issuer", "modelgate-dev"),
                    Map.entry("quarkus.oidc.ui.client-id", "modelgate-ui"),
                    Map.entry("quarkus.oidc.ui.credentials.secret", "modelgate-dev-ui-secret"));
        }
    }

    @Test
    void theDemoAdminSignsInAndOutAndADemoUserIsRefused() {
        String admin = "http://localhost:" + PORT + "/admin";
        try (Browser browser = new Browser()) {
            WebDriver page = browser.driver();
            browser.open(admin);
            waitFor(page, By.id("sign-in-ada"));
            browser.screenshot("dev-sign-in");
            page.findElement(By.id("sign-in-ada")).click();
            waitFor(page, By.tagName("h1"));
            assertEquals("Overview", page.findElement(By.tagName("h1")).getText(), page.getPageSource());
            assertTrue(page.findElement(By.cssSelector(".who")).getText().contains("Ada Admin"));

            page.findElement(By.linkText("Sign out")).click();
            waitFor(page, By.id("sign-in-alice"));
            page.findElement(By.id("sign-in-alice")).click();
            waitFor(page, By.tagName("h1"));
            assertEquals("Not allowed", page.findElement(By.tagName("h1")).getText());
        }
    }

    @Test
    void explainAuditAndImportPagesWork() {
        String base = "http://localhost:" + PORT + "/admin";
        try (Browser browser = new Browser()) {
            WebDriver page = browser.driver();
            signInAsAda(browser, base, By.tagName("h1"));

            browser.open(base + "/explain?roles=ds-team&model=premium-chat");
            assertTrue(page.findElement(By.id("decision")).getText().contains("premium-chat: allowed"), page.getPageSource());
            assertTrue(page.findElement(By.id("decision")).getText().contains("data_science → tag:premium"));
            browser.screenshot("explain");
            browser.open(base + "/explain?roles=ds-team&model=chat");
            assertTrue(page.findElement(By.id("decision")).getText().contains("chat: denied"));
            browser.open(base + "/explain?roles=basic_user&tool=desk/delete_ticket");
            String tool = page.findElement(By.id("mcp-decision")).getText();
            assertTrue(tool.contains("desk/delete_ticket: denied") && tool.contains("Roles that would allow it: data_science proxy_admin"), tool);

            browser.open(base + "/transfer");
            String export = page.findElement(By.cssSelector("pre.export")).getText();
            assertTrue(export.contains("model_list:"), export);
            WebElement yaml = page.findElement(By.name("yaml"));
            ((org.openqa.selenium.JavascriptExecutor) page).executeScript("arguments[0].value = arguments[1];", yaml,
                    export.replace("model_list:", "model_list:\n- model_name: ds-from-ui\n  litellm_params:\n    model: mock/from-ui"));
            yaml.submit();
            waitFor(page, By.cssSelector("ul.diff, .error"));
            assertTrue(page.findElement(By.cssSelector("ul.diff, .error")).getText().contains("added model ds-from-ui"),
                    page.findElement(By.tagName("main")).getText());
            browser.screenshot("import-dry-run");
            page.findElement(By.xpath("//button[text()='Apply these changes']")).click();
            waitFor(page, By.cssSelector(".notice"));
            assertTrue(page.findElement(By.cssSelector(".notice")).getText().startsWith("Imported"), page.getPageSource());

            assertTrue(page.findElement(By.linkText("Download the policy")).getAttribute("href").endsWith("/admin/transfer/policy.yaml"));
            browser.open(base + "/audit?entity_type=policy");
            assertTrue(page.findElement(By.cssSelector("table.audit")).getText().contains("import policy"));
            browser.screenshot("audit");
            // put the policy back as it was
            browser.open(base + "/transfer");
            WebElement restore = page.findElement(By.name("yaml"));
            ((org.openqa.selenium.JavascriptExecutor) page).executeScript("arguments[0].value = arguments[1];", restore, export);
            restore.submit();
            waitFor(page, By.xpath("//button[text()='Apply these changes']"));
            page.findElement(By.xpath("//button[text()='Apply these changes']")).click();
            waitFor(page, By.cssSelector(".notice"));
        }
    }

    @Test
    void roleMappingsAreAddedAndRemovedAndBadSettingsAreExplainedByField() {
        String base = "http://localhost:" + PORT + "/admin";
        try (Browser browser = new Browser()) {
            WebDriver page = browser.driver();
            signInAsAda(browser, base + "/access", By.id("idp_role"));

            page.findElement(By.id("idp_role")).sendKeys("ui-team");
            new org.openqa.selenium.support.ui.Select(page.findElement(By.id("gateway_role"))).selectByVisibleText("data_science");
            page.findElement(By.xpath("//button[text()='Add mapping']")).click();
            waitFor(page, By.cssSelector(".notice"));
            assertTrue(page.findElement(By.cssSelector(".notice")).getText().contains("ui-team → data_science"));
            browser.screenshot("role-mappings");
            browser.open(base + "/explain?roles=ui-team");
            assertTrue(page.findElement(By.cssSelector(".result")).getText().contains("data_science"), page.getPageSource());

            browser.open(base + "/access");
            page.findElement(By.cssSelector("button[aria-label='Remove the mapping of ui-team']")).click();
            waitFor(page, By.cssSelector(".notice"));
            browser.open(base + "/explain?roles=ui-team");
            assertTrue(page.findElement(By.cssSelector(".result")).getText().contains("Gateway roles: none"), page.getPageSource());

            browser.open(base + "/access");
            WebElement paths = page.findElement(By.id("claim_paths"));
            paths.clear();
            paths.sendKeys("realm_access..roles");
            page.findElement(By.xpath("//button[text()='Save settings']")).click();
            waitFor(page, By.cssSelector(".field-error"));
            assertTrue(page.findElement(By.id("claim_paths-error")).getText().contains("empty segment"));
            assertEquals("realm_access..roles", page.findElement(By.id("claim_paths")).getAttribute("value"), "what was typed is kept");
            browser.screenshot("settings-error");
        }
    }

    @Test
    void theCredentialTestButtonShowsATokensExpiryButNeverTheToken() {
        String base = "http://localhost:" + PORT + "/admin";
        try (Browser browser = new Browser()) {
            WebDriver page = browser.driver();
            signInAsAda(browser, base + "/credentials", By.cssSelector("button[aria-label='Test idp-post']"));
            String listing = page.findElement(By.tagName("main")).getText();
            assertTrue(listing.contains("client_secret: set (os.environ/MODELGATE_TEST_CLIENT_SECRET)"), listing);
            assertFalse(listing.contains(System.getenv("MODELGATE_TEST_CLIENT_SECRET")));

            page.findElement(By.cssSelector("button[aria-label='Test idp-post']")).click();
            String result = browser.waitForText(By.id("test-result"), "idp-post:").getText();
            assertTrue(result.startsWith("idp-post: A token was obtained. It expires at"), result);
            assertTrue(page.findElements(By.cssSelector("#test-result .error")).isEmpty());
            assertFalse(page.getPageSource().contains("idp-token-"), "the token itself is never shown");
            browser.screenshot("credentials-tested");

            page.findElement(By.cssSelector("button[aria-label='Test idp-rejecting']")).click();
            browser.waitForText(By.id("test-result"), "idp-rejecting:");
            assertFalse(page.findElements(By.cssSelector("#test-result .error")).isEmpty(), "a failed test is shown as an error");
            assertTrue(page.getCurrentUrl().endsWith("/admin/credentials"), "the result replaced part of the page in place (htmx)");
        }
    }

    /** Opens {@code url}, picks Ada Admin on the dev sign-in page and waits for {@code landed} on the page asked for. */
    static void signInAsAda(Browser browser, String url, By landed) {
        browser.open(url);
        browser.waitFor(By.id("sign-in-ada")).click();
        browser.waitFor(landed);
    }

    private static void waitFor(WebDriver page, By element) {
        new WebDriverWait(page, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(element));
    }

    private static int freePort() {
        try {
            return GatewayProcess.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
