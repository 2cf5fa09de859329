package io.modelgate.translate;

/**
 * What the gateway's meter and trace need of an upstream's own stream — the usage it reported and why it ended —
 * handed on by a translator that reads those events anyway ({@link StreamTranslator#reportsTo}), so they are not
 * searched for a second time.
 */
public interface UpstreamReport {

    /**
     * The counts of a usage object the upstream reported, as chat completions gives them ({@code prompt_tokens}, cached
     * ones included; {@code completion_tokens}, reasoning ones included); each -1 when the object does not give it.
     * The counts rather than the object's bytes: the translator has read them already.
     */
    void usage(long prompt, long cached, long completion, long reasoning);

    /** Why the upstream's answer ended, as it said it. */
    void finishReason(String reason);
}
