package io.modelgate.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A stand-in identity provider on 127.0.0.1: it serves a JWKS (RSA and EC keys, rotatable) and signs
 * tokens with SmallRye JWT. Modelgate's default OIDC tenant is pointed at it, without discovery.
 * Tests reach the running instance through {@link #current()}.
 */
public class TestIdentityProvider implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://idp.test.local/realms/modelgate";
    public static final String AUDIENCE = "modelgate-api";
    public static final String RSA_KID = "rsa-1";
    public static final String EC_KID = "ec-1";

    private static volatile TestIdentityProvider current;

    private final String issuer;
    private final String rsaKid;
    private final String ecKid;
    private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();
    private final List<String> publishedKids = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private HttpServer server;

    /** The default provider, which Modelgate's default OIDC tenant trusts. */
    public TestIdentityProvider() {
        this(ISSUER, "");
    }

    /** Another provider with its own issuer and keys; key ids carry the prefix so they never clash. */
    public TestIdentityProvider(String issuer, String kidPrefix) {
        this.issuer = issuer;
        this.rsaKid = kidPrefix + RSA_KID;
        this.ecKid = kidPrefix + EC_KID;
    }

    public static TestIdentityProvider current() {
        if (current == null) {
            throw new IllegalStateException("the test identity provider is not running");
        }
        return current;
    }

    @Override
    public Map<String, String> start() {
        startServer();
        current = this;
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.auth-server-url", baseUrl());
        config.put("quarkus.oidc.discovery-enabled", "false");
        config.put("quarkus.oidc.jwks-path", jwksUrl());
        config.put("quarkus.oidc.token.issuer", ISSUER);
        config.put("quarkus.oidc.token.audience", AUDIENCE);
        config.put("quarkus.oidc.token.forced-jwk-refresh-interval", "1S");
        return config;
    }

    /** Starts serving the key set; for providers that are not the default one. */
    public TestIdentityProvider startServer() {
        keys.put(rsaKid, rsaKeyPair());
        keys.put(ecKid, ecKeyPair());
        publishedKids.addAll(List.of(rsaKid, ecKid));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/jwks", exchange -> {
            jwksRequests.incrementAndGet();
            byte[] body = jwksJson().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return this;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (current == this) {
            current = null;
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwksUrl() {
        return baseUrl() + "/jwks";
    }

    public String issuer() {
        return issuer;
    }

    public String rsaKid() {
        return rsaKid;
    }

    public String ecKid() {
        return ecKid;
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** A signed token with the standard claims this provider issues, then whatever {@code claims} adds or changes. */
    public String token(Consumer<JwtClaimsBuilder> claims) {
        return sign(rsaKid, claims);
    }

    /** A valid token for a subject holding these values in the {@code roles} claim. */
    public String tokenWithRoles(String subject, String... roles) {
        return token(c -> c.subject(subject).claim("roles", List.of(roles)));
    }

    public String sign(String kid, Consumer<JwtClaimsBuilder> claims) {
        KeyPair pair = keys.get(kid);
        if (pair == null) {
            throw new IllegalArgumentException("no key " + kid);
        }
        JwtClaimsBuilder builder = Jwt.issuer(issuer).audience(AUDIENCE).subject("test-user")
                .claim("email", "test-user@example.com").issuedAt(System.currentTimeMillis() / 1000)
                .expiresIn(300);
        claims.accept(builder);
        SignatureAlgorithm algorithm = "EC".equals(pair.getPrivate().getAlgorithm()) ? SignatureAlgorithm.ES256
                : SignatureAlgorithm.RS256;
        return builder.jws().keyId(kid).algorithm(algorithm).sign(pair.getPrivate());
    }

    /** Creates a key that is not (yet) in the JWKS; {@link #publish(String)} adds it. */
    public void createKey(String kid) {
        keys.put(kid, rsaKeyPair());
    }

    public void publish(String kid) {
        if (!keys.containsKey(kid)) {
            throw new IllegalArgumentException("no key " + kid);
        }
        publishedKids.add(kid);
    }

    public KeyPair keyPair(String kid) {
        return keys.get(kid);
    }

    private String jwksJson() {
        List<String> jwks = new ArrayList<>();
        for (String kid : publishedKids) {
            try {
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(keys.get(kid).getPublic());
                jwk.setKeyId(kid);
                jwk.setUse("sig");
                jwks.add(jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
