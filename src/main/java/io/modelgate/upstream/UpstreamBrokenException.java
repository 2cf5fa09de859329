package io.modelgate.upstream;

/** The exchange broke after the request was sent (connection reset, protocol error). */
public class UpstreamBrokenException extends RuntimeException {
    public UpstreamBrokenException(String deploymentLabel, Throwable cause) {
        super("the exchange with " + deploymentLabel + " broke: " + cause.getClass().getSimpleName(), cause, false, false);
    }
}
