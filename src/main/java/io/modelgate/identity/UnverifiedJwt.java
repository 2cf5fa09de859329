package io.modelgate.identity;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

import java.util.Optional;

/**
 * The routing facts of a compact JWT, read by jose4j WITHOUT verifying it: the header's {@code kid} and the
 * payload's {@code iss}. Used only to choose which trusted issuer verifies the token; nothing read here is
 * trusted until that verification succeeds.
 */
public record UnverifiedJwt(String kid, String issuer) {

    /** Larger headers are not inspected (the HTTP layer limits them anyway). */
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    /** Reads a {@code Bearer} header value; empty when it is absent or not a compact JWS. */
    public static Optional<UnverifiedJwt> fromAuthorization(String authorization) {
        if (authorization == null || authorization.length() > MAX_TOKEN_LENGTH + 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        try {
            if (!(JsonWebStructure.fromCompactSerialization(authorization.substring(7).trim()) instanceof JsonWebSignature jws)) {
                return Optional.empty();
            }
            jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS); // nothing is verified here
            return Optional.of(new UnverifiedJwt(jws.getKeyIdHeaderValue(), JwtClaims.parse(jws.getUnverifiedPayload()).getIssuer()));
        } catch (JoseException | org.jose4j.jwt.consumer.InvalidJwtException | MalformedClaimException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
