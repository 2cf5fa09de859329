package io.modelgate.policy;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The policy's records are read and written by Jackson and checked by {@code TreeShape} through reflection,
 * outside the REST layer that would register them for a native executable on its own: registered here, once.
 */
@RegisterForReflection(targets = {PolicyDocument.class, JwtAuthSettings.class, GatewayRole.class, RoleMapping.class,
        Permission.class, Credential.class, CredentialValues.class, CredentialValues.ApiKey.class, CredentialValues.OAuth2.class,
        CredentialValues.TokenExchange.class, CredentialValues.AzureAd.class, CredentialValues.Custom.class, Model.class, DeploymentParams.class, FailurePolicy.class,
        ClientAuthentication.class, AzureMode.class, ModelMode.class, Limit.class, Limit.Budget.class, Limit.Scope.class, Limit.Period.class,
        McpServer.class, McpServer.McpTransport.class})
final class PolicyReflection {

    private PolicyReflection() {
    }
}
