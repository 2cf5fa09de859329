package io.modelgate.upstream.credential;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Entra ID managed identity: a GET to the instance metadata (IMDS) token endpoint with
 * {@code Metadata: true}, for the resource the scope names. Its answer carries {@code expires_on}
 * (absolute, epoch seconds) and {@code expires_in}; both arrive as strings.
 */
final class ManagedIdentityTokenSource implements TokenSource {

    private static final String API_VERSION = "2018-02-01";
    private static final String DEFAULT_SCOPE_SUFFIX = "/.default";

    private final String credential;
    private final HttpClient http;
    private final String url;
    private final Duration defaultLifetime;

    /**
     * @param clientId a user-assigned identity's client id; null for the system-assigned identity
     */
    ManagedIdentityTokenSource(String credential, String scope, String clientId, String endpoint, HttpClient http,
            Duration defaultLifetime) {
        this.credential = credential;
        this.http = http;
        this.defaultLifetime = defaultLifetime;
        String resource = scope.endsWith(DEFAULT_SCOPE_SUFFIX) ? scope.substring(0, scope.length() - DEFAULT_SCOPE_SUFFIX.length()) : scope;
        this.url = endpoint + (endpoint.contains("?") ? "&" : "?") + "api-version=" + API_VERSION
                + "&resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8)
                + (clientId == null || clientId.isBlank() ? "" : "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
    }

    @Override
    public Future<AccessToken> fetch() {
        return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setTimeout(10_000)
                        .putHeader("Metadata", "true"))
                .compose(request -> request.send())
                .recover(failure -> Future.failedFuture(new TokenFetchException(credential, false,
                        "the managed identity endpoint is unreachable (" + failure.getClass().getSimpleName() + ")")))
                .compose(response -> response.body().map(body -> {
                    if (response.statusCode() != 200) {
                        boolean permanent = response.statusCode() >= 400 && response.statusCode() < 500 && response.statusCode() != 429;
                        throw new TokenFetchException(credential, permanent,
                                "the managed identity endpoint answered " + response.statusCode());
                    }
                    return toAccessToken(body.toJsonObject());
                }));
    }

    private AccessToken toAccessToken(JsonObject json) {
        String expiresOn = json.getValue("expires_on") == null ? null : json.getValue("expires_on").toString();
        String expiresIn = json.getValue("expires_in") == null ? null : json.getValue("expires_in").toString();
        Instant expiresAt;
        if (expiresOn != null && expiresOn.matches("\\d+")) {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(expiresOn));
        } else if (expiresIn != null && expiresIn.matches("\\d+")) {
            expiresAt = Instant.now().plusSeconds(Long.parseLong(expiresIn));
        } else {
            expiresAt = Instant.now().plus(defaultLifetime);
        }
        String token = json.getString("access_token");
        if (token == null || token.isBlank()) {
            throw new TokenFetchException(credential, false, "the managed identity endpoint returned no access_token");
        }
        return new AccessToken(token, expiresAt);
    }
}
