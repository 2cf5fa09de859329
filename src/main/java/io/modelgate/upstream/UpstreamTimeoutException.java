package io.modelgate.upstream;

/** The upstream accepted the call but went silent for longer than the read timeout. */
public class UpstreamTimeoutException extends RuntimeException {
    public UpstreamTimeoutException(String deploymentLabel) {
        super(deploymentLabel + " sent nothing within its read timeout", null, false, false);
    }
}
