package io.modelgate.gateway;

import io.modelgate.testing.TestIdentityProvider;
import io.modelgate.testing.TestUpstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every token that should not get through is refused with an OpenAI-shaped 401 and a
 * {@code WWW-Authenticate} challenge, and nothing reaches an upstream.
 */
@QuarkusTest
class BadTokenTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @BeforeEach
    void clearUpstream() {
        TestUpstream.current().clear();
    }

    static Stream<Arguments> badAuthorizations() {
        return Stream.of(
                bad("no Authorization header", () -> null),
                bad("empty bearer", () -> "Bearer "),
                bad("basic credentials", () -> "Basic dXNlcjpwYXNzd29yZA=="),
                bad("garbage", () -> "Bearer not-a-jwt"),
                bad("two segments", () -> "Bearer " + part("{\"alg\":\"RS256\"}") + "." + part(claims())),
                bad("no signature", () -> bearer(unsigned("RS256", TestIdentityProvider.RSA_KID))),
                bad("alg none", () -> bearer(unsigned("none", null))),
                bad("alg none with kid", () -> bearer(unsigned("none", TestIdentityProvider.RSA_KID))),
                bad("HS256 signed with the RSA public key", () -> bearer(hmacWithPublicKey(TestIdentityProvider.RSA_KID))),
                bad("HS256 without kid", () -> bearer(hmacWithPublicKey(null))),
                bad("wrong issuer", () -> bearer(idp().token(c -> c.issuer("https://evil.example/realms/x").claim("roles", List.of("basic_user"))))),
                bad("wrong audience", () -> bearer(idp().token(c -> c.audience("another-api").claim("roles", List.of("basic_user"))))),
                bad("no audience", () -> bearer(signedClaims("{\"iss\":\"" + TestIdentityProvider.ISSUER + "\",\"sub\":\"x\",\"iat\":" + now() + ",\"exp\":" + (now() + 300) + "}"))),
                bad("expired", () -> bearer(idp().token(c -> c.issuedAt(now() - 600).expiresAt(now() - 120).claim("roles", List.of("basic_user"))))),
                bad("not yet valid", () -> bearer(idp().token(c -> c.claim("nbf", now() + 600).claim("roles", List.of("basic_user"))))),
                bad("no expiry", () -> bearer(signedClaims("{\"iss\":\"" + TestIdentityProvider.ISSUER + "\",\"aud\":\"" + TestIdentityProvider.AUDIENCE + "\",\"sub\":\"x\",\"iat\":" + now() + "}"))),
                bad("tampered payload", () -> bearer(tamperedPayload())),
                bad("tampered signature", () -> bearer(tamperedSignature())),
                bad("unknown kid, not in the refetched key set", () -> bearer(signedWithUnpublishedKey("never-published"))),
                bad("known kid, other key", () -> bearer(signedWithUnpublishedKeyAs(TestIdentityProvider.RSA_KID))),
                bad("RS256 header on the EC key", () -> bearer(rs256HeaderWithEcKid())),
                bad("unknown critical header", () -> bearer(withCriticalHeader())),
                bad("encrypted-looking five-part token", () -> "Bearer a.b.c.d.e"),
                bad("oversized token", () -> bearer(signedWithUnpublishedKeyAs(TestIdentityProvider.RSA_KID, "x".repeat(12_000)))),
                bad("expired ES256 token", () -> bearer(idp().sign(TestIdentityProvider.EC_KID, c -> c.issuedAt(now() - 600).expiresAt(now() - 120)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAuthorizations")
    void isRefusedWith401AndNothingIsForwarded(String name, Supplier<String> authorization) {
        var request = given().contentType(ContentType.JSON).body("{\"model\":\"chat\",\"messages\":[]}");
        String value = authorization.get();
        if (value != null) {
            request.header("Authorization", value);
        }
        request.when().post("/v1/chat/completions")
                .then().statusCode(401)
                .contentType(ContentType.JSON)
                .header("WWW-Authenticate", startsWith("Bearer realm=\"modelgate\""))
                .body("error.type", is("authentication_error"))
                .body("error.message", not(containsString(value == null || value.length() < 20 ? "\u0000" : value.substring(7))));
        assertEquals(List.of(), TestUpstream.current().requests(), "nothing was forwarded");
    }

    @Test
    void anExpiredTokenIsNamedAsSuch() {
        given().auth().oauth2(idp().token(c -> c.issuedAt(now() - 900).expiresAt(now() - 300)))
                .contentType(ContentType.JSON).body("{\"model\":\"chat\",\"messages\":[]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(401).body("error.code", is("token_expired"));
    }

    @Test
    void validRs256AndEs256TokensGetThrough() {
        for (String kid : List.of(TestIdentityProvider.RSA_KID, TestIdentityProvider.EC_KID)) {
            given().auth().oauth2(idp().sign(kid, c -> c.claim("roles", List.of("basic_user"))))
                    .contentType(ContentType.JSON).body("{\"model\":\"chat\",\"messages\":[]}")
                    .when().post("/v1/chat/completions")
                    .then().statusCode(200);
        }
        assertEquals(2, TestUpstream.current().requests().size());
    }

    @Test
    void aTokenWithinTheClockSkewIsAccepted() {
        given().auth().oauth2(idp().token(c -> c.issuedAt(now() - 300).expiresAt(now() - 10).claim("roles", List.of("basic_user"))))
                .contentType(ContentType.JSON).body("{\"model\":\"chat\",\"messages\":[]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(200);
    }

    // ---- token forgery ----

    private static Arguments bad(String name, Supplier<String> authorization) {
        return Arguments.of(name, authorization);
    }

    private static TestIdentityProvider idp() {
        return TestIdentityProvider.current();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String part(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String claims() {
        return "{\"iss\":\"" + TestIdentityProvider.ISSUER + "\",\"aud\":\"" + TestIdentityProvider.AUDIENCE
                + "\",\"sub\":\"mallory\",\"roles\":[\"basic_user\",\"proxy_admin\"],\"iat\":" + now() + ",\"exp\":" + (now() + 300) + "}";
    }

    private static String header(String alg, String kid) {
        return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"") + "}";
    }

    private static String unsigned(String alg, String kid) {
        return part(header(alg, kid)) + "." + part(claims()) + ".";
    }

    /** The classic algorithm-confusion attack: HMAC keyed with the bytes of the public key. */
    private static String hmacWithPublicKey(String kid) {
        String input = part(header("HS256", kid)) + "." + part(claims());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] publicKey = idp().keyPair(TestIdentityProvider.RSA_KID).getPublic().getEncoded();
            mac.init(new SecretKeySpec(publicKey, "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs exactly these claims with the published RSA key (SmallRye JWT would add exp and aud defaults). */
    private static String signedClaims(String json) {
        String input = part(header("RS256", TestIdentityProvider.RSA_KID)) + "." + part(json);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(idp().keyPair(TestIdentityProvider.RSA_KID).getPrivate());
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tamperedPayload() {
        String[] parts = idp().tokenWithRoles("mallory", "basic_user").split("\\.");
        return parts[0] + "." + part(claims()) + "." + parts[2];
    }

    private static String tamperedSignature() {
        String[] parts = idp().tokenWithRoles("mallory", "basic_user").split("\\.");
        char[] signature = parts[2].toCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        return parts[0] + "." + parts[1] + "." + new String(signature);
    }

    private static String signedWithUnpublishedKey(String kid) {
        idp().createKey(kid);
        return idp().sign(kid, c -> c.claim("roles", List.of("basic_user")));
    }

    private static String signedWithUnpublishedKeyAs(String claimedKid) {
        return signedWithUnpublishedKeyAs(claimedKid, "");
    }

    private static String signedWithUnpublishedKeyAs(String claimedKid, String padding) {
        idp().createKey("impostor");
        return Jwt.issuer(TestIdentityProvider.ISSUER).audience(TestIdentityProvider.AUDIENCE).subject("mallory")
                .claim("roles", List.of("basic_user")).claim("padding", padding).expiresIn(300)
                .jws().keyId(claimedKid).sign(idp().keyPair("impostor").getPrivate());
    }

    private static String rs256HeaderWithEcKid() {
        String[] parts = idp().sign(TestIdentityProvider.EC_KID, c -> c.claim("roles", List.of("basic_user"))).split("\\.");
        return part(header("RS256", TestIdentityProvider.EC_KID)) + "." + parts[1] + "." + parts[2];
    }

    private static String withCriticalHeader() {
        return Jwt.issuer(TestIdentityProvider.ISSUER).audience(TestIdentityProvider.AUDIENCE).subject("x")
                .claim("roles", List.of("basic_user")).expiresIn(300)
                .jws().keyId(TestIdentityProvider.RSA_KID).header("crit", List.of("urn:example:must-understand"))
                .header("urn:example:must-understand", true)
                .sign(idp().keyPair(TestIdentityProvider.RSA_KID).getPrivate());
    }
}
