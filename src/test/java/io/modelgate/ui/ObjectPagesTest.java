package io.modelgate.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.policy.PolicyDocument;
import io.modelgate.policy.PolicyKind;
import io.modelgate.testing.PolicyReading;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kinds' own parts of the generic pages, and the pages' routing of kinds, without Quarkus. */
class ObjectPagesTest {

    private static final PolicyDocument POLICY = PolicyReading.parse("""
            general_settings:
              role_permissions:
                - role: writers
                  models: [chat]
            model_list:
              - model_name: chat
                litellm_params: {model: mock/echo, litellm_credential_name: idp}
              - model_name: other
                litellm_params: {model: mock/echo}
            credential_list:
              - credential_name: idp
                credential_values: {type: oauth2_client_credentials, token_url: "https://idp.example/token", client_id: gateway,
                                    client_secret: os.environ/IDP_SECRET, scope: llm}
            modelgate:
              roles:
                - name: writers
              limits:
                - name: team-budget
                  role: writers
                  per: role
                  models: [chat]
                  rpm: 1200
                  budget: {usd: 12.50, period: month}
                - name: alice-tokens
                  subject: alice
                  issuer: https://idp.example
                  budget: {tokens: 1000000, period: week}
            """);

    @Test
    void theRoutedKindsAreExactlyTheDescribedOnesEachUnderItsAdminApiCollectionName() {
        Matcher pattern = Pattern.compile("\\{kind: (.+)}").matcher(UiObjectsResource.KIND);
        assertTrue(pattern.matches(), UiObjectsResource.KIND);
        assertEquals(Set.of(pattern.group(1).split("\\|")), UiObjectsResource.KINDS.keySet(),
                "a kind is served only when its path is in KIND, so no other page under /admin is taken for one");
        UiObjectsResource.KINDS.forEach((path, pages) -> {
            assertEquals(path, pages.names().policyKind().collection());
            assertEquals("/admin/" + path, pages.names().listPath());
        });
    }

    @Test
    void namesSayWhatThePagesShow() {
        KindNames models = UiObjectsResource.KINDS.get("models").names();
        assertEquals("Model", models.capitalNoun());
        assertEquals("model_name", models.nameField());
        assertEquals("/admin/models/new", new FormPage(models, true, "", "", null, Map.of()).action());
        FormPage editing = new FormPage(models, false, "chat", "e1", "Not saved", Map.of("model_name", "is taken"));
        assertEquals("/admin/models/edit", editing.action());
        assertEquals("is taken", editing.nameError());
    }

    @Test
    void deletingSaysWhatItChanges() {
        assertEquals("Callers of these roles lose access to it: writers. Grants naming it exactly are removed; wildcard and tag rules stay.",
                new ModelPages().deleteConsequence(POLICY, "chat"));
        assertEquals("No role may use it now.", new ModelPages().deleteConsequence(POLICY, "other"));
        assertEquals("Models using it: chat. It cannot be deleted while they do; change their deployments first.",
                new CredentialPages().deleteConsequence(POLICY, "idp"));
        assertEquals("No model uses it.", new CredentialPages().deleteConsequence(POLICY, "unused"));
    }

    @Test
    void aCredentialsLineDescribesWhereItsSecretLivesNeverTheSecret() {
        CredentialPages.Row row = CredentialPages.row(PolicyKind.CREDENTIALS.find(POLICY, "idp").orElseThrow());
        assertEquals("oauth2_client_credentials", row.type());
        assertEquals("client_secret: set (os.environ/IDP_SECRET)", row.secrets());
        assertTrue(row.details().containsAll(List.of("token_url: https://idp.example/token", "client_id: gateway")), row.details().toString());
        assertFalse(row.details().stream().anyMatch(d -> d.startsWith("client_secret") || d.startsWith("type")), row.details().toString());
    }

    @Test
    void aLimitsLineShowsWhomItHoldsAndItsCeilingsAsConfigured() {
        Map<String, LimitPages.Row> rows = POLICY.limits().stream().map(LimitPages::row)
                .collect(Collectors.toMap(LimitPages.Row::name, row -> row));
        assertEquals(new LimitPages.Row("team-budget", "role writers", "role (together)", "chat", "1,200", "", "", "12.5 USD per month"),
                rows.get("team-budget"));
        assertEquals(new LimitPages.Row("alice-tokens", "subject alice of https://idp.example", "", "*", "", "", "",
                "1,000,000 tokens per week"), rows.get("alice-tokens"));
    }

    @Test
    void theLimitFormOffersThePolicysRolesBuiltInOrDeclaredAndKeepsOneNoLongerDeclared() {
        assertEquals(List.of("gone", "internal_user", "proxy_admin", "team", "writers"), LimitPages.roleChoices(POLICY, new LimitForm("l", "role", "gone", "", "", "caller", "", "",
                "", "", "", "", "", "")));
        assertEquals(List.of("internal_user", "proxy_admin", "team", "writers"), LimitPages.roleChoices(POLICY, LimitForm.empty()));
    }

    @Test
    void addingADeploymentShowsTheFormAgainInsteadOfSaving() {
        ModelPages pages = new ModelPages();
        ModelForm form = ModelForm.empty();
        assertEquals(Optional.empty(), pages.reshown(form, Map.of("model_name", List.of("x"))));
        assertEquals(2, pages.reshown(form, Map.of("more", List.of("1"))).orElseThrow().rows().size());
    }

    @Test
    void aModelBodysProblemsLandOnTheRowTheyCameFrom() throws Exception {
        // row 0 is removed, row 1 left empty: the body's only deployment is form row 2
        Map<String, List<String>> fields = new HashMap<>();
        fields.put("model_name", List.of("chat"));
        fields.put("rows", List.of("3"));
        fields.put("deployments[0].from", List.of("0"));
        fields.put("deployments[0].upstream_model", List.of("gone"));
        fields.put("deployments[0].remove", List.of("on"));
        fields.put("deployments[2].upstream_model", List.of("echo"));
        fields.put("deployments[2].provider", List.of("mock"));
        ModelPages pages = new ModelPages();
        FormBody body = pages.body(pages.submitted(fields, Optional.empty()), Optional.empty());
        assertEquals(new ObjectMapper().readTree("[{\"model\":\"mock/echo\"}]"), body.json().path("deployments"));
        assertEquals(Optional.of("deployments[2].api_base"), body.fieldOf().apply("deployments[0].api_base"));
        assertEquals(Optional.of("model_name"), body.fieldOf().apply("model_name"));
    }
}
