package io.modelgate.policy;

import io.modelgate.secret.SecretRules;

/**
 * Turns the typed secrets of validated policy objects into sealed references, so that nothing stored, audited
 * or exported holds a secret in clear. The policy's secrets are a deployment's {@code api_key} and a credential's
 * {@code api_key} or {@code client_secret}.
 */
public final class SecretSealing {

    private SecretSealing() {
    }

    public static PolicyDocument seal(PolicyDocument document, SecretRules rules) {
        return document.withModels(document.models().stream().map(m -> seal(m, rules)).toList())
                .withCredentials(document.credentials().stream().map(c -> seal(c, rules)).toList());
    }

    public static Model seal(Model model, SecretRules rules) {
        return model.withDeployments(model.deployments().stream().map(d -> d.apiKey() == null ? d : d.withApiKey(rules.seal(d.apiKey()))).toList());
    }

    public static Credential seal(Credential credential, SecretRules rules) {
        return new Credential(credential.credentialName(), credential.credentialValues().withSecrets(rules::seal));
    }
}
