package io.modelgate.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.control.PolicyService.Action;
import io.modelgate.identity.Caller;
import io.modelgate.policy.Credential;
import io.modelgate.policy.Model;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.modelgate.policy.PolicyObject;
import io.modelgate.secret.SecretBox;
import io.modelgate.secret.SecretRef;
import io.modelgate.testing.PolicyReading;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a change to the policy becomes its audit event: who made it, what was done to which object, the object before
 * and after as the policy's JSON; an import as what it added, changed and removed; never a secret in clear.
 */
class AuditEventTest {

    private static final Caller OPERATOR = new Caller("https://idp", "ops-7", "ops@example.com", "Ops", Set.of("admins"),
            Set.of("proxy_admin"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PolicyDocument POLICY = PolicyReading.parse("""
            model_list:
              - {model_name: chat, litellm_params: {model: openai/gpt-4o-mini}}
              - {model_name: old, litellm_params: {model: openai/gpt-3.5-turbo}}
            """);
    /** The admin API's reader of bodies, sealing typed secrets with a key of the test's own. */
    private final ObjectBodies bodies = new ObjectBodies(PolicyReading.READER, new SecretBox(
            Optional.of(Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes())), name -> null));

    private static Model model(String name) {
        return PolicyKind.MODELS.find(POLICY, name).orElseThrow();
    }

    private <T> T body(PolicyKind<T> kind, String key, String json) throws Exception {
        return bodies.read(kind, JSON.readTree(json), key);
    }

    @Test
    void anUpdateRecordsItsActorAndTheObjectBeforeAndAfter() throws Exception {
        Model after = body(PolicyKind.MODELS, "chat", """
                {"deployments": [{"model": "openai/gpt-4o"}]}""");

        AuditEvent event = AuditEvent.ofChange(Actor.of(OPERATOR), Action.UPDATE, PolicyObject.MODEL, "chat", Optional.of(model("chat")),
                Optional.of(after), 42);

        assertEquals("ops-7", event.actorSubject);
        assertEquals("ops@example.com", event.actorEmail);
        assertEquals("update", event.action);
        assertEquals("model", event.entityType);
        assertEquals("chat", event.entityKey);
        assertEquals("openai/gpt-4o-mini", event.before.at("/deployments/0/model").asText());
        assertEquals("openai/gpt-4o", event.after.at("/deployments/0/model").asText());
        assertEquals(42, event.policyVersion);
    }

    @Test
    void aCreateHasNothingBeforeAndADeleteNothingAfter() throws Exception {
        Credential vendor = body(PolicyKind.CREDENTIALS, "vendor", """
                {"credential_values": {"type": "api_key", "api_key": "os.environ/VENDOR_KEY"}}""");

        AuditEvent created = AuditEvent.ofChange(Actor.of(OPERATOR), Action.CREATE, PolicyObject.CREDENTIAL, "vendor", Optional.empty(),
                Optional.of(vendor), 7);
        AuditEvent deleted = AuditEvent.ofChange(Actor.of(OPERATOR), Action.DELETE, PolicyObject.MODEL, "old", Optional.of(model("old")),
                Optional.empty(), 8);

        assertEquals("create", created.action);
        assertNull(created.before);
        assertEquals("vendor", created.after.path("credential_name").asText());
        assertEquals("delete", deleted.action);
        assertEquals("old", deleted.before.path("model_name").asText());
        assertNull(deleted.after);
    }

    @Test
    void aSecretTypedIntoABodyIsInTheEventOnlyAsItsSealedReference() throws Exception {
        String secret = "sk-live-5c1e7a0b9d";
        Credential credential = body(PolicyKind.CREDENTIALS, "vendor", """
                {"credential_values": {"type": "api_key", "api_key": "%s"}}""".formatted(secret));
        Model model = body(PolicyKind.MODELS, "direct", """
                {"deployments": [{"model": "openai/gpt-4o", "api_key": "%s"}]}""".formatted(secret));

        AuditEvent credentialCreated = AuditEvent.ofChange(Actor.of(OPERATOR), Action.CREATE, PolicyObject.CREDENTIAL, "vendor",
                Optional.empty(), Optional.of(credential), 1);
        AuditEvent modelCreated = AuditEvent.ofChange(Actor.of(OPERATOR), Action.CREATE, PolicyObject.MODEL, "direct",
                Optional.empty(), Optional.of(model), 2);

        for (JsonNode after : new JsonNode[] {credentialCreated.after, modelCreated.after}) {
            assertFalse(after.toString().contains(secret), after.toString());
        }
        assertTrue(credentialCreated.after.at("/credential_values/api_key").asText().startsWith(SecretRef.SEALED_PREFIX));
        assertTrue(modelCreated.after.at("/deployments/0/api_key").asText().startsWith(SecretRef.SEALED_PREFIX));
    }

    @Test
    void anImportRecordsWhichObjectsItAddedChangedAndRemovedNotTheObjects() throws Exception {
        PolicyDocument imported = PolicyReading.parse("""
                model_list:
                  - {model_name: chat, litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_KEY}}
                  - {model_name: new, litellm_params: {model: openai/gpt-4.1}}
                """);

        AuditEvent event = AuditEvent.ofImport(Actor.of(OPERATOR), PolicyDiff.between(POLICY, imported), 9);

        assertEquals("import", event.action);
        assertEquals("policy", event.entityType);
        assertNull(event.entityKey, "a whole policy, not one object");
        assertNull(event.before);
        assertEquals(JSON.readTree("""
                {"added": ["model:new"], "changed": ["model:chat"], "removed": ["model:old"]}"""), event.after);
        assertEquals("ops-7", event.actorSubject);
    }

    @Test
    void theBootstrapIsAnImportByModelgateItselfNamingItsFile() {
        AuditEvent event = AuditEvent.ofBootstrap("/etc/modelgate/config.yaml", PolicyDiff.between(PolicyDocument.empty(), POLICY), 1);

        assertEquals("system", event.actorSubject);
        assertNull(event.actorEmail);
        assertEquals("import", event.action);
        assertEquals("/etc/modelgate/config.yaml", event.after.path("source").asText());
        assertEquals("[\"model:chat\",\"model:old\"]", event.after.path("added").toString());
    }
}
