package io.modelgate.dev;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.jwt.build.Jwt;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Dev mode (and the test build) only; not built into the application that ships: a stand-in identity provider that
 * signs tokens for demo users, so a newcomer can call the gateway without setting up an IdP.
 *
 * <pre>TOKEN=$(curl -s localhost:8080/dev/token)                    # alice, roles [basic_user]
 * TOKEN=$(curl -s 'localhost:8080/dev/token?user=bob&amp;roles=ds-team')</pre>
 */
@IfBuildProfile(anyOf = {"dev", "test"})
@Path("/dev")
public class DevTokenResource {

    static final String ISSUER = "modelgate-dev";
    static final String AUDIENCE = "modelgate";
    private static final Duration MAX_TTL = Duration.ofHours(24);

    private final DevSigningKey key;

    DevTokenResource(DevSigningKey key) {
        this.key = key;
    }

    @GET
    @Path("/token")
    @Produces(MediaType.TEXT_PLAIN)
    public RestResponse<String> token(@QueryParam("user") @DefaultValue("alice") String user,
            @QueryParam("roles") List<String> roles, @QueryParam("ttl") @DefaultValue("3600") long ttlSeconds) {
        if (ttlSeconds <= 0 || ttlSeconds > MAX_TTL.toSeconds()) {
            return RestResponse.status(RestResponse.Status.BAD_REQUEST, "ttl must be between 1 and " + MAX_TTL.toSeconds() + " seconds\n");
        }
        Set<String> roleValues = new LinkedHashSet<>();
        for (String value : roles == null || roles.isEmpty() ? List.of("basic_user") : roles) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    roleValues.add(part.trim());
                }
            }
        }
        return RestResponse.ok(accessToken(user, roleValues, ttlSeconds));
    }

    /** A gateway access token for a demo user, as the stand-in IdP issues it (also at the end of dev sign-in). */
    String accessToken(String user, Set<String> roles, long ttlSeconds) {
        return Jwt.issuer(ISSUER)
                .subject(user)
                .audience(AUDIENCE)
                .claim("email", user + "@example.com")
                .claim("roles", roles)
                .expiresIn(ttlSeconds)
                .jws().keyId(key.keyId())
                .sign(key.privateKey());
    }

    @GET
    @Path("/jwks")
    @Produces(MediaType.APPLICATION_JSON)
    public String jwks() {
        return key.jwksJson();
    }
}
