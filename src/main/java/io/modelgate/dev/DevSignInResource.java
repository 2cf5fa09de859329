package io.modelgate.dev;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dev mode (and the test build) only: the authorization-code half of the stand-in identity provider, so
 * the operator UI can be signed in to without a real IdP. {@code /dev/authorize} offers the demo users
 * (Ada Admin holds {@code proxy_admin}), {@code /dev/code-token} exchanges the one-time code for an ID
 * token and an access token signed with the dev key, {@code /dev/logout} returns to the application.
 */
@IfBuildProfile(anyOf = {"dev", "test"})
@Path("/dev")
public class DevSignInResource {

    /** The demo users one can sign in as, with their IdP roles. */
    static final Map<String, DemoUser> USERS = new LinkedHashMap<>();

    static {
        USERS.put("ada", new DemoUser("ada", "Ada Admin", List.of("proxy_admin")));
        USERS.put("alice", new DemoUser("alice", "Alice Basic", List.of("basic_user")));
        USERS.put("dana", new DemoUser("dana", "Dana Science", List.of("ds-team")));
    }

    record DemoUser(String id, String name, List<String> roles) {
    }

    private record PendingCode(DemoUser user, String clientId, String redirectUri, String nonce, Instant expires) {
    }

    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final DevSigningKey key;
    private final DevTokenResource tokens;

    DevSignInResource(DevSigningKey key, DevTokenResource tokens) {
        this.key = key;
        this.tokens = tokens;
    }

    @GET
    @Path("/authorize")
    @Produces(MediaType.TEXT_HTML)
    public Response authorize(@QueryParam("client_id") String clientId, @QueryParam("redirect_uri") String redirectUri,
            @QueryParam("state") String state, @QueryParam("nonce") String nonce, @QueryParam("user") String user) {
        if (clientId == null || redirectUri == null || !isLocal(redirectUri)) {
            return Response.status(400).type(MediaType.TEXT_PLAIN).entity("client_id and a local redirect_uri are required\n").build();
        }
        DemoUser chosen = user == null ? null : USERS.get(user);
        if (chosen == null) {
            StringBuilder page = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Dev sign-in</title>"
                    + "<link rel=\"stylesheet\" href=\"/ui/modelgate.css\"></head><body><main class=\"narrow\"><h1>Dev sign-in</h1>"
                    + "<p>Modelgate's stand-in identity provider (dev mode only). Sign in as:</p><ul>");
            for (DemoUser demo : USERS.values()) {
                URI choose = UriBuilder.fromPath("/dev/authorize").queryParam("client_id", clientId).queryParam("redirect_uri", redirectUri)
                        .queryParam("state", state == null ? "" : state).queryParam("nonce", nonce == null ? "" : nonce)
                        .queryParam("user", demo.id()).build();
                page.append("<li><a id=\"sign-in-").append(demo.id()).append("\" href=\"").append(choose.toASCIIString().replace("&", "&amp;"))
                        .append("\">").append(demo.name()).append("</a> (roles: ").append(String.join(", ", demo.roles())).append(")</li>");
            }
            return Response.ok(page.append("</ul></main></body></html>").toString()).build();
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        codes.put(code, new PendingCode(chosen, clientId, redirectUri, nonce == null || nonce.isEmpty() ? null : nonce,
                Instant.now().plusSeconds(60)));
        UriBuilder back = UriBuilder.fromUri(redirectUri).queryParam("code", code);
        if (state != null && !state.isEmpty()) {
            back.queryParam("state", state);
        }
        return Response.seeOther(back.build()).build();
    }

    /**
     * The token endpoint is a plain route rather than a REST resource: it receives a form post from the
     * OIDC client, not from a page, so the UI's CSRF check (which covers every REST form post) must not apply.
     */
    void registerTokenEndpoint(@Observes Router router) {
        router.post("/dev/code-token").handler(BodyHandler.create().setBodyLimit(8192)).handler(ctx -> {
            MultiMap form = ctx.request().formAttributes();
            String body = token(form.get("grant_type"), form.get("code"), form.get("redirect_uri"));
            ctx.response().setStatusCode(body == null ? 400 : 200).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store").end(body == null ? "{\"error\":\"invalid_grant\"}" : body);
        });
    }

    private String token(String grantType, String code, String redirectUri) {
        PendingCode pending = code == null ? null : codes.remove(code);
        if (!"authorization_code".equals(grantType) || pending == null || pending.expires().isBefore(Instant.now())
                || redirectUri != null && !redirectUri.equals(pending.redirectUri())) {
            return null;
        }
        DemoUser user = pending.user();
        var idToken = Jwt.issuer(DevTokenResource.ISSUER).subject(user.id()).audience(pending.clientId())
                .claim("email", user.id() + "@example.com").claim("name", user.name()).claim("preferred_username", user.id())
                .claim("roles", Set.copyOf(user.roles())).expiresIn(3600);
        if (pending.nonce() != null) {
            idToken.claim("nonce", pending.nonce());
        }
        String accessToken = tokens.accessToken(user.id(), Set.copyOf(user.roles()), 3600);
        return "{\"access_token\":\"" + accessToken + "\",\"id_token\":\"" + idToken.jws().keyId(key.keyId()).sign(key.privateKey())
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    }

    @GET
    @Path("/logout")
    public Response logout(@QueryParam("post_logout_redirect_uri") String after) {
        return Response.seeOther(URI.create(after != null && isLocal(after) ? after : "/")).build();
    }

    /** Dev sign-in only ever returns to this machine. */
    private static boolean isLocal(String uri) {
        return uri.startsWith("http://localhost:") || uri.startsWith("http://127.0.0.1:");
    }
}
