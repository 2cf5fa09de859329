package io.modelgate.upstream.credential;

/** Where an Entra ID client signs in, and for what. */
record AzureSignIn(String authorityHost, String tenantId, String clientId, String scope) {

    String tokenUrl() {
        String host = authorityHost.endsWith("/") ? authorityHost.substring(0, authorityHost.length() - 1) : authorityHost;
        return host + "/" + tenantId + "/oauth2/v2.0/token";
    }
}
