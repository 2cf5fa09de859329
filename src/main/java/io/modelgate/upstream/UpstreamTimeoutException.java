package io.modelgate.upstream;

/** The upstream accepted the call but went silent (before its answer or in its middle) for longer than allowed. */
public class UpstreamTimeoutException extends RuntimeException {
    public UpstreamTimeoutException(String deploymentLabel) {
        super(deploymentLabel + " fell silent for longer than its read timeout", null, false, false);
    }
}
