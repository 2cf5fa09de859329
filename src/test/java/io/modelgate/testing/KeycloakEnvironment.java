package io.modelgate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Modelgate between real Keycloak callers and a Keycloak-protected model server: Keycloak is a trusted
 * issuer (named OIDC tenant {@code keycloak}, found by discovery), and a policy whose credentials obtain
 * client-credentials tokens from it through the model server's counting token proxy, and an MCP server ({@code wiki})
 * whose credential exchanges each caller's token at Keycloak (RFC 8693). The policy file's
 * path is given as {@code modelgate.test.keycloak.policy-file}.
 */
public class KeycloakEnvironment implements QuarkusTestResourceLifecycleManager {

    /** Lifetime of the upstream tokens in these tests; with a 5 s skew they are renewed after 10 s. */
    public static final int UPSTREAM_TOKEN_SECONDS = 15;
    public static final String SECRET_ENV = "MODELGATE_TEST_KEYCLOAK_UPSTREAM_SECRET";

    private static volatile ProtectedModelServer modelServer;

    public static ProtectedModelServer modelServer() {
        return modelServer;
    }

    @Override
    public Map<String, String> start() {
        KeycloakServer.ensureRunning();
        KeycloakServer.setAccessTokenLifespan(KeycloakServer.UPSTREAM_CLIENT, UPSTREAM_TOKEN_SECONDS);
        try {
            modelServer = new ProtectedModelServer(KeycloakServer.realmUrl());
            Path policy = Files.createTempFile("modelgate-keycloak-policy", ".yaml");
            Files.writeString(policy, policy(modelServer.baseUrl()));
            policy.toFile().deleteOnExit();
            return Map.of(
                    "modelgate.test.keycloak.policy-file", policy.toString(),
                    // the operator UI signs in against the same realm (authorization code flow)
                    "quarkus.oidc.ui.auth-server-url", KeycloakServer.realmUrl(),
                    "quarkus.oidc.ui.client-id", KeycloakServer.UI_CLIENT,
                    "quarkus.oidc.ui.credentials.secret", KeycloakServer.UI_CLIENT_SECRET,
                    "quarkus.oidc.keycloak.auth-server-url", KeycloakServer.realmUrl(),
                    "quarkus.oidc.keycloak.token.audience", "modelgate",
                    "quarkus.oidc.keycloak.token.allow-jwt-introspection", "false",
                    "quarkus.oidc.keycloak.token.allow-opaque-token-introspection", "false",
                    "modelgate.upstream.token.refresh-skew", "5s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (modelServer != null) {
            modelServer.stop();
        }
    }

    /** One credential (and model) per lane, so each test counts its own token requests. */
    private static String policy(String server) {
        StringBuilder yaml = new StringBuilder("""
                general_settings:
                  litellm_jwtauth:
                    user_roles_jwt_field: ["realm_access.roles", "roles"]
                    user_allowed_roles: ["basic_user"]
                    enforce_rbac: true
                  role_permissions:
                    - role: internal_user
                      models: ["callers", "burst", "refresh"]
                      mcp: ["wiki"]
                    - role: data_science
                      models: ["ds-mock"]
                      mcp: ["wiki"]
                modelgate:
                  roles: [{name: data_science}]
                  role_mappings: [{idp_role: ds-team, gateway_role: data_science}]
                credential_list:
                """);
        StringBuilder models = new StringBuilder("model_list:\n  - model_name: ds-mock\n    litellm_params: {model: mock/ds}\n");
        for (String lane : new String[] {"callers", "burst", "refresh"}) {
            yaml.append("""
                      - credential_name: keycloak-%1$s
                        credential_values:
                          type: oauth2_client_credentials
                          token_url: %2$s/token/%1$s
                          client_id: gateway-upstream
                          client_secret: os.environ/%3$s
                          scope: llm.invoke
                    """.formatted(lane, server, SECRET_ENV));
            models.append("""
                      - model_name: %1$s
                        litellm_params: {model: openai/protected, api_base: %2$s/%1$s/v1, litellm_credential_name: keycloak-%1$s}
                    """.formatted(lane, server));
        }
        yaml.append("""
                  - credential_name: keycloak-exchange
                    credential_values:
                      type: oauth2_token_exchange
                      token_url: %1$s/protocol/openid-connect/token
                      client_id: modelgate
                      client_secret: os.environ/%2$s
                      audience: wiki-mcp
                """.formatted(KeycloakServer.realmUrl(), SECRET_ENV));
        models.append("mcp_servers:\n  wiki: {url: \"" + server + "/mcp\", credential_name: keycloak-exchange}\n");
        return yaml + models.toString();
    }
}
