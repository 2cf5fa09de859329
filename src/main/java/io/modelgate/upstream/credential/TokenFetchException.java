package io.modelgate.upstream.credential;

/**
 * No token could be obtained for a credential. {@code permanent} failures (the IdP rejected the client:
 * bad secret, unknown client, bad scope) are not retried; transient ones (IdP unreachable, 5xx) are,
 * with backoff. The message names the credential and the reason, never a secret.
 */
public class TokenFetchException extends RuntimeException {

    private final String credential;
    private final boolean permanent;

    public TokenFetchException(String credential, boolean permanent, String reason) {
        super("credential '" + credential + "': " + reason, null, false, false);
        this.credential = credential;
        this.permanent = permanent;
    }

    public String credential() {
        return credential;
    }

    public boolean permanent() {
        return permanent;
    }
}
