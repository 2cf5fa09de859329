package io.modelgate.store;

import io.modelgate.litellm.LiteLlmFormat;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyRules;
import io.modelgate.testing.PolicyReading;
import io.modelgate.testing.ReleaseDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.PolicyObject;
import io.modelgate.policy.binding.PolicyJson;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The migration to one row per policy object keeps what a database of the previous release holds: the policy
 * read back is the one a LiteLLM file of the same content gives, valid by every rule.
 */
class PolicyObjectsMigrationTest {

    private ReleaseDatabase database;
    private DataSource dataSource;

    @BeforeEach
    void databaseOfThePreviousRelease() {
        database = ReleaseDatabase.at("3");
        dataSource = database.dataSource();
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void aPolicyOfThePreviousReleaseIsKeptObjectByObject() throws SQLException {
        sql("""
                insert into access_settings (role_claim_paths, user_allowed_roles, enforce_rbac) values ('{roles,realm_access.roles}', '{basic_user}', true);
                insert into gateway_role (name, description) values ('data_science', 'Data scientists'), ('auditors', null);
                insert into role_mapping (idp_value, gateway_role) values ('ds-team', 'data_science'), ('ds-team', 'auditors'), ('admins', 'proxy_admin');
                insert into role_permission (gateway_role, model_pattern) values ('data_science', 'ds-*'), ('internal_user', 'chat'),
                    ('data_science', 'tag:premium');
                insert into upstream_credential (name, type, token_url, client_id, client_secret_ref, scopes, audience, client_auth, extra_params, on_failure)
                    values ('idp', 'oauth2_client_credentials', 'https://idp.example/token', 'gw', 'os.environ/IDP_SECRET', '{llm.invoke,llm.read}',
                            'https://models', 'client_secret_post', '{"resource": "model-server"}', 'proceed_without_auth');
                insert into upstream_credential (name, type, azure_mode, client_id, scopes, identity_endpoint, on_failure)
                    values ('entra', 'azure_ad', 'managed_identity', 'aaaa', '{https://cognitiveservices.azure.com/.default}', null, 'fail');
                insert into upstream_credential (name, type, api_key_ref, api_base, on_failure)
                    values ('vendor', 'api_key', 'os.environ/VENDOR_KEY', 'https://vendor.example/v1', 'fail');
                insert into model (name, description, tags) values ('chat', 'Team chat', '{premium}'), ('ds-notebook', null, '{}');
                insert into deployment (model_id, position, kind, base_url, upstream_model, api_key_ref, weight, read_timeout_ms, connect_timeout_ms, extra_params)
                    select id, 0, 'openai', 'https://one.example/v1', 'gpt-4o', 'os.environ/ONE_KEY', 2, 30000, 500, '{"rpm": 10, "seed": "007"}'
                    from model where name = 'chat';
                insert into deployment (model_id, position, kind, upstream_model, weight, credential_id)
                    select m.id, 1, 'azure', 'gpt-4o-eu', 1, c.id from model m, upstream_credential c where m.name = 'chat' and c.name = 'entra';
                insert into deployment (model_id, position, kind, upstream_model, weight, mock_response, mock_latency_ms, mock_chunk_delay_ms,
                        mock_failure_rate, mock_failure_status)
                    select id, 0, 'mock', 'notebook', 1, 'hi', 0, 20, 0.25, 503 from model where name = 'ds-notebook';
                """);

        database.migrateToLatest();

        PolicyDocument migrated = storedDocument();
        PolicyDocument expected = PolicyReading.parse("""
                general_settings:
                  litellm_jwtauth: {user_roles_jwt_field: [roles, realm_access.roles], user_allowed_roles: [basic_user], enforce_rbac: true}
                  role_permissions:
                    - {role: data_science, models: ["ds-*", "tag:premium"]}
                    - {role: internal_user, models: [chat]}
                modelgate:
                  roles: [{name: auditors}, {name: data_science, description: Data scientists}]
                  role_mappings:
                    - {idp_role: ds-team, gateway_roles: [data_science, auditors]}
                    - {idp_role: admins, gateway_roles: [proxy_admin]}
                credential_list:
                  - credential_name: idp
                    credential_values: {type: oauth2_client_credentials, token_url: "https://idp.example/token", client_id: gw,
                                        client_secret: os.environ/IDP_SECRET, scope: [llm.invoke, llm.read], audience: "https://models",
                                        client_auth: client_secret_post, extra_params: {resource: model-server}, on_failure: proceed_without_auth}
                  - credential_name: entra
                    credential_values: {type: azure_ad, mode: managed_identity, client_id: aaaa, scope: "https://cognitiveservices.azure.com/.default"}
                  - credential_name: vendor
                    credential_values: {type: api_key, api_key: os.environ/VENDOR_KEY, api_base: "https://vendor.example/v1"}
                model_list:
                  - model_name: chat
                    litellm_params: {model: openai/gpt-4o, api_base: "https://one.example/v1", api_key: os.environ/ONE_KEY, weight: 2,
                                     timeout: 30, connect_timeout: 0.5, rpm: 10, seed: "007"}
                    model_info: {description: Team chat, tags: [premium]}
                  - model_name: chat
                    litellm_params: {model: azure/gpt-4o-eu, weight: 1, litellm_credential_name: entra}
                  - model_name: ds-notebook
                    litellm_params: {model: mock/notebook, weight: 1, mock_response: hi, mock_latency_ms: 0, mock_chunk_delay_ms: 20,
                                     mock_failure_rate: 0.25, mock_failure_status: 503}
                """);
        assertEquals(LiteLlmFormat.write(expected), LiteLlmFormat.write(migrated));
        assertEquals(expected, migrated);
        assertEquals(List.of(), PolicyRules.check(migrated));
    }

    @Test
    void aChangeOfManyObjectsIsOneVersion() throws SQLException {
        database.migrateToLatest();
        long before = version();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("insert into policy_object (kind, name, position, body) values ('role', 'a', 0, '{\"name\": \"a\"}')");
                statement.execute("insert into policy_object (kind, name, position, body) values ('role', 'b', 1, '{\"name\": \"b\"}')");
                statement.execute("update policy_object set position = 2 where name = 'a'");
            }
            connection.commit();
        }
        assertEquals(before + 1, version());
    }

    /** The document the stored rows make, each body read as the entities read it: the policy's own JSON. */
    private PolicyDocument storedDocument() throws SQLException {
        Map<PolicyKind<?>, List<Object>> bodies = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select kind, body from policy_object order by kind, position")) {
            while (rows.next()) {
                PolicyKind<?> kind = PolicyKind.of(PolicyObject.valueOf(rows.getString("kind").toUpperCase(Locale.ROOT)));
                bodies.computeIfAbsent(kind, k -> new ArrayList<>()).add(PolicyJson.read(rows.getString("body"), kind.type()));
            }
        }
        return PolicyStore.document(bodies);
    }

    private long version() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select version from policy_version")) {
            row.next();
            return row.getLong(1);
        }
    }

    private void sql(String statements) throws SQLException {
        database.sql(statements);
    }
}
