package io.modelgate.upstream;

/**
 * The upstream could not be reached, or a pooled connection closed under the request before any
 * response arrived: another attempt (on a fresh connection, or another deployment) is safe to make.
 */
public class UpstreamConnectException extends RuntimeException {

    private final boolean staleConnection;

    public UpstreamConnectException(String deploymentLabel, Throwable cause) {
        this(deploymentLabel, cause, false);
    }

    public UpstreamConnectException(String deploymentLabel, Throwable cause, boolean staleConnection) {
        super((staleConnection ? "a pooled connection to " + deploymentLabel + " closed before any response: "
                : "could not connect to " + deploymentLabel + ": ") + cause.getClass().getSimpleName(), cause, false, false);
        this.staleConnection = staleConnection;
    }

    /** Whether a kept-alive connection went away: the same deployment deserves one more try. */
    public boolean staleConnection() {
        return staleConnection;
    }
}
