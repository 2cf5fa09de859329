package io.modelgate.upstream.credential;

/** Modelgate could not authenticate itself to an upstream, and the credential's policy is to fail. */
public class UpstreamAuthException extends RuntimeException {

    private final String credential;

    public UpstreamAuthException(String credential, String reason) {
        super(reason, null, false, false);
        this.credential = credential;
    }

    public String credential() {
        return credential;
    }
}
