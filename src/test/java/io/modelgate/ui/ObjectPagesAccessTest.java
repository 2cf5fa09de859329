package io.modelgate.ui;

import io.modelgate.testing.Browser;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every page of every kind {@link UiObjectsResource} serves, and the credential test, is refused to whoever is not a
 * proxy_admin: without a session the browser is sent to sign in; signed in without proxy_admin, one gets the "Not
 * allowed" page. Posts carry a valid CSRF token, so nothing but the role check stands in their way, and they aim at
 * real objects (deleting one, editing one): the policy is unchanged after. The kinds are read from
 * {@link UiObjectsResource#KINDS}, so a new kind is covered as soon as it is served.
 */
@QuarkusTest
@TestProfile(DevSignInTest.DevIdentityProvider.class)
class ObjectPagesAccessTest {

    private static final String BASE = "http://localhost:" + DevSignInTest.PORT;

    /** Objects for kinds the test policy has none of, so that every kind has one to aim at. */
    private static final Map<String, String> FIXTURES = Map.of("limits",
            "{\"name\":\"access-probe-limit\",\"role\":\"internal_user\",\"models\":[\"no-such-model-*\"],\"rpm\":1000000}");

    /** A CSRF token of Quarkus REST CSRF's size (16 bytes), sent as both the cookie and the form field: a valid pair. */
    private static final String CSRF = csrfToken();

    private final List<String> created = new ArrayList<>();

    /** One request to a page: a GET, or a POST of {@code form}. */
    record Call(String method, String path, Map<String, String> form) {

        static Call get(String path) {
            return new Call("GET", path, Map.of());
        }

        static Call post(String path, Map<String, String> form) {
            return new Call("POST", path, form);
        }

        Response send(Map<String, String> cookies) {
            Map<String, String> withCsrf = new HashMap<>(cookies);
            withCsrf.put("csrf-token", CSRF);
            RequestSpecification request = given().redirects().follow(false).cookies(withCsrf);
            if (method.equals("GET")) {
                return request.get(BASE + path);
            }
            Map<String, String> fields = new LinkedHashMap<>(form);
            fields.put("csrf-token", CSRF);
            return request.contentType(ContentType.URLENC).formParams(fields).post(BASE + path);
        }

        @Override
        public String toString() {
            return method + " " + path + (form.isEmpty() ? "" : " " + form);
        }
    }

    @BeforeEach
    void everyKindHasAnObject() {
        for (String kind : UiObjectsResource.KINDS.keySet()) {
            if (firstName(kind) == null && FIXTURES.containsKey(kind)) {
                api().contentType(ContentType.JSON).body(FIXTURES.get(kind)).post(BASE + "/admin/api/" + kind).then().statusCode(201);
                created.add(kind);
            }
            assertNotNull(firstName(kind), "the test needs a " + kind + " object to aim at: add one to FIXTURES");
        }
    }

    @AfterEach
    void removeFixtures() {
        created.forEach(kind -> api().delete(BASE + "/admin/api/" + kind + "/" + firstName(kind)));
    }

    @Test
    void withoutASessionEveryPageSendsTheBrowserToSignIn() {
        Map<String, String> before = policy();
        for (Call call : calls(this::firstName)) {
            Response response = call.send(Map.of());
            assertEquals(302, response.statusCode(), call + ": " + response.asString());
            assertTrue(response.header("Location").startsWith(BASE + "/dev/authorize?"), call + " → " + response.header("Location"));
        }
        assertEquals(before, policy(), "nothing changed");
    }

    @Test
    void aSignedInUserWithoutProxyAdminIsRefusedEveryPageAndChangesNothing() {
        Map<String, String> alice = sessionOf("alice", "Not allowed");
        Map<String, String> before = policy();
        for (Call call : calls(this::firstName)) {
            Response response = call.send(alice);
            assertEquals(403, response.statusCode(), call + ": " + response.asString());
            assertTrue(response.asString().contains("<h1>Not allowed</h1>"), call + ": " + response.asString());
            assertFalse(response.asString().contains("<form"), call + ": the page itself is not shown");
        }
        assertEquals(before, policy(), "nothing changed");
    }

    /** The control: the same kind of requests, with the same CSRF pair, reach the pages for an admin (aimed at nothing real). */
    @Test
    void anAdminsRequestsReachThePages() {
        Map<String, String> ada = sessionOf("ada", "Overview");
        Map<String, String> before = policy();
        for (Call call : calls(kind -> "no-such-object")) {
            Call harmless = call.path().endsWith("/new") && call.method().equals("POST") ? Call.post(call.path(), Map.of()) : call;
            Response response = harmless.send(ada);
            // a page of the UI, not a sign-in redirect, "Not allowed" or the CSRF filter's bare 400
            assertFalse(response.statusCode() == 302 || response.statusCode() == 403, harmless + " → " + response.statusCode());
            assertTrue(response.asString().contains("<main id=\"main\">"), harmless + " → " + response.statusCode() + ": " + response.asString());
            assertFalse(response.asString().contains("<h1>Not allowed</h1>"), harmless.toString());
        }
        assertEquals(before, policy(), "nothing changed");
    }

    /** Every page of every kind, and the credential test: edits, deletes and tests aim at object {@code nameOf(kind)}. */
    private static List<Call> calls(UnaryOperator<String> nameOf) {
        List<Call> calls = new ArrayList<>();
        UiObjectsResource.KINDS.values().forEach(pages -> {
            KindNames kind = pages.names();
            String list = kind.listPath();
            String name = nameOf.apply(kind.path());
            String query = "?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
            calls.addAll(List.of(Call.get(list), Call.get(list + "/new"), Call.get(list + "/edit" + query), Call.get(list + "/delete" + query),
                    Call.post(list + "/new", Map.of(kind.nameField(), "access-probe")), Call.post(list + "/edit", Map.of(kind.nameField(), name)),
                    Call.post(list + "/delete", Map.of("name", name))));
        });
        calls.add(Call.post("/admin/credentials/test", Map.of("name", nameOf.apply("credentials"))));
        return calls;
    }

    /** The cookies of a browser signed in as the dev IdP's {@code user}, once it shows the page headed {@code landed}. */
    private static Map<String, String> sessionOf(String user, String landed) {
        try (Browser browser = new Browser()) {
            browser.open(BASE + "/admin");
            browser.waitFor(By.id("sign-in-" + user)).click();
            assertEquals(landed, browser.waitFor(By.tagName("h1")).getText());
            Map<String, String> cookies = new HashMap<>();
            for (Cookie cookie : browser.driver().manage().getCookies()) {
                cookies.put(cookie.getName(), cookie.getValue());
            }
            return cookies;
        }
    }

    /** Every kind's objects as the admin API lists them, each with its entity tag. */
    private Map<String, String> policy() {
        Map<String, String> objects = new HashMap<>();
        UiObjectsResource.KINDS.keySet().forEach(kind -> objects.put(kind, api().get(BASE + "/admin/api/" + kind).then().statusCode(200)
                .extract().asString()));
        return objects;
    }

    private String firstName(String kind) {
        String nameField = UiObjectsResource.KINDS.get(kind).names().nameField();
        List<String> names = api().get(BASE + "/admin/api/" + kind).jsonPath().getList("data." + nameField);
        return names.isEmpty() ? null : names.get(0);
    }

    private static RequestSpecification api() {
        return given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("access-test-admin", "proxy_admin"));
    }

    private static String csrfToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
