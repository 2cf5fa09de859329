package io.modelgate.upstream;

/** The upstream could not be reached at all: nothing was sent, so another deployment may be tried. */
public class UpstreamConnectException extends RuntimeException {
    public UpstreamConnectException(String deploymentLabel, Throwable cause) {
        super("could not connect to " + deploymentLabel + ": " + cause.getClass().getSimpleName(), cause, false, false);
    }
}
