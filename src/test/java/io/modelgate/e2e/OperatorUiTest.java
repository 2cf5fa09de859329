package io.modelgate.e2e;

import io.modelgate.testing.Browser;
import io.modelgate.testing.KeycloakServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.time.Duration;

import static io.modelgate.testing.GatewayCalls.chat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator UI in a real browser (headless Chromium) signing in through a real Keycloak: an admin
 * grants a role a model in the permission matrix and a caller of that role can use it, then cannot once
 * it is revoked; a non-admin is refused; forms without the CSRF token are rejected; markup in data is
 * shown as text. Screenshots of each page are written to target/ui-screenshots/.
 */
@QuarkusTest
@TestProfile(KeycloakEndToEndTest.WithKeycloak.class)
class OperatorUiTest {

    @TestHTTPResource("/admin")
    URL admin;

    @Test
    void anAdminGrantsAndRevokesAModelInTheMatrixAndTheDataPlaneFollows() {
        String dana = KeycloakServer.passwordGrant(KeycloakServer.CLI_CLIENT, null, "dana", "dana-pw");
        chat(dana, "callers").statusCode(403);
        try (Browser browser = new Browser()) {
            signIn(browser, "admin", "admin-pw");
            WebDriver page = browser.driver();
            assertEquals("Overview", page.findElement(By.tagName("h1")).getText());
            browser.screenshot("overview");

            browser.open(admin + "/permissions");
            WebElement box = page.findElement(By.cssSelector("input[name=grant][value='data_science::callers']"));
            assertFalse(box.isSelected());
            box.click();
            save(page);
            browser.screenshot("permissions-granted");
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> chat(dana, "callers").statusCode(200));

            page.findElement(By.cssSelector("input[name=grant][value='data_science::callers']")).click();
            save(page);
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> chat(dana, "callers").statusCode(403));

            // the same form posted without its CSRF token (a cross-site forgery would look like this)
            Object status = ((JavascriptExecutor) page).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch('/admin/permissions', {method: 'POST', credentials: 'same-origin',
                        headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                        body: 'grant=' + encodeURIComponent('data_science::callers')})
                      .then(r => done(r.status), e => done(String(e)));""");
            assertEquals(400L, status, "a form post without the CSRF token is refused");
            chat(dana, "callers").statusCode(403);
        }
    }

    @Test
    void markupInAModelDescriptionIsShownAsText() {
        String adminToken = KeycloakServer.passwordGrant(KeycloakServer.CLI_CLIENT, null, "admin", "admin-pw");
        String description = "<script>window.__injected = 1</script><b>bold?</b>";
        given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body("{\"description\": \"" + description.replace("\"", "\\\"") + "\", \"deployments\": [{\"model\": \"mock/ds\"}]}")
                .when().put("/admin/api/models/ds-mock").then().statusCode(200);
        try (Browser browser = new Browser()) {
            signIn(browser, "admin", "admin-pw");
            WebDriver page = browser.driver();
            String shown = page.findElement(By.tagName("main")).getText();
            assertTrue(shown.contains(description), "the description is shown verbatim: " + shown);
            assertNull(((JavascriptExecutor) page).executeScript("return window.__injected;"), "the script did not run");
            browser.screenshot("overview-escaped");
        } finally {
            given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                    .body("{\"deployments\": [{\"model\": \"mock/ds\"}]}").when().put("/admin/api/models/ds-mock").then().statusCode(200);
        }
    }

    @Test
    void aSignedInUserWithoutProxyAdminIsRefused() {
        try (Browser browser = new Browser()) {
            signIn(browser, "alice", "alice-pw");
            assertEquals("Not allowed", browser.driver().findElement(By.tagName("h1")).getText());
            browser.screenshot("denied");
            browser.open(admin + "/permissions");
            assertEquals("Not allowed", browser.driver().findElement(By.tagName("h1")).getText());
        }
    }

    /** Submits the matrix and waits for the page that answers it, which must report the save. */
    private static void save(WebDriver page) {
        WebElement button = page.findElement(By.cssSelector("button[type=submit]"));
        button.click();
        // while the answer loads, ChromeDriver may report the old button either as stale or as "not in the
        // document": both mean the page was replaced
        new WebDriverWait(page, Duration.ofSeconds(20)).until(d -> {
            try {
                button.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException replaced) {
                return true;
            }
        });
        String outcome = new WebDriverWait(page, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> d.findElements(By.cssSelector(".notice, .error")).stream().findFirst().map(WebElement::getText).orElse(null));
        assertTrue(outcome.startsWith("Saved"), outcome);
    }

    /** Opens /admin, which sends the browser to Keycloak's login page, and signs in there. */
    private void signIn(Browser browser, String user, String password) {
        browser.open(admin.toString());
        WebDriver page = browser.driver();
        new WebDriverWait(page, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        page.findElement(By.id("username")).sendKeys(user);
        page.findElement(By.id("password")).sendKeys(password);
        WebElement login = page.findElement(By.id("kc-login"));
        login.click();
        // Keycloak's page has an h1 of its own: wait until it is gone and Modelgate's page is shown
        new WebDriverWait(page, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(login));
        new WebDriverWait(page, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains(admin.getAuthority()));
        new WebDriverWait(page, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
    }
}
