package io.modelgate.gateway;

import io.modelgate.identity.Caller;
import io.modelgate.policy.UpstreamKind;
import io.modelgate.snapshot.PolicyCompiler;
import io.modelgate.snapshot.PolicySnapshot;
import io.modelgate.store.StoredPolicy;
import io.modelgate.testing.PolicyReading;
import io.modelgate.upstream.UpstreamTransport;
import io.vertx.core.Future;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Snapshots and callers for the stage tests, compiled from LiteLLM-style policy text as the gateway compiles them. */
final class TestPolicies {

    static final String POLICY = """
            general_settings:
              litellm_jwtauth:
                user_roles_jwt_field: roles
                enforce_rbac: true
              role_permissions:
                - role: internal_user
                  models: ["chat", "claude", "ds-*"]
            model_list:
              - model_name: chat
                litellm_params: {model: openai/gpt-4o, api_base: "http://127.0.0.1:9/v1", weight: 3}
              - model_name: chat
                litellm_params: {model: openai/gpt-4o-mini, api_base: "http://127.0.0.1:9/v1"}
              - model_name: claude
                litellm_params: {model: anthropic/claude-sonnet, api_base: "http://127.0.0.1:9"}
              - model_name: secret-model
                litellm_params: {model: openai/gpt-5, api_base: "http://127.0.0.1:9/v1"}
            """;

    private static final PolicyCompiler.UpstreamDefaults DEFAULTS = new PolicyCompiler.UpstreamDefaults("http://127.0.0.1:9/v1",
            "2024-10-21", "http://127.0.0.1:9", "2023-06-01", Duration.ofSeconds(5), Duration.ofSeconds(30));
    private static final UpstreamTransport NOWHERE = (deployment, call) -> Future.failedFuture("not sent in this test");

    private TestPolicies() {
    }

    static PolicySnapshot snapshot(String yaml) {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        return PolicyCompiler.compile(new StoredPolicy(1, now, PolicyReading.parse(yaml), Map.of()), DEFAULTS, kind -> NOWHERE, now);
    }

    static Caller caller(String subject, String... gatewayRoles) {
        return new Caller("https://idp.example.com", subject, null, null, Set.of(), Set.of(gatewayRoles));
    }

    static Call call(PolicySnapshot snapshot, Caller caller) {
        Call call = new Call("chat", io.modelgate.error.ErrorShape.OPENAI, null, snapshot);
        call.authenticated(caller);
        return call;
    }

    static UpstreamKind kind(String prefix) {
        return io.modelgate.policy.Provider.fromPrefix(prefix).kind();
    }
}
