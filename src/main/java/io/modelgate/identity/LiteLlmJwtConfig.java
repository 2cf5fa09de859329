package io.modelgate.identity;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/**
 * LiteLLM's JWT variables, honoured as they are so a LiteLLM deployment's environment works unchanged:
 * {@code JWT_PUBLIC_KEY_URL} (one or more comma-separated JWKS URLs; no discovery document needed),
 * {@code JWT_AUDIENCE} and {@code JWT_ISSUER}. Each URL becomes a trusted issuer beside those configured
 * with {@code quarkus.oidc.*}.
 */
@ConfigMapping(prefix = "jwt")
public interface LiteLlmJwtConfig {

    /** JWKS URLs whose keys sign accepted tokens ({@code JWT_PUBLIC_KEY_URL}). */
    Optional<List<String>> publicKeyUrl();

    /** Required {@code aud} of those tokens ({@code JWT_AUDIENCE}); not checked when unset. */
    Optional<List<String>> audience();

    /** Required {@code iss} of those tokens ({@code JWT_ISSUER}); not checked when unset. */
    Optional<String> issuer();
}
