package io.modelgate.translate;

/**
 * What the gateway's meter and trace need of an upstream's own stream — the usage it reported and why it ended —
 * handed on by a translator that reads those events anyway ({@link StreamTranslator#reportsTo}), so they are not
 * searched for a second time.
 */
public interface UpstreamReport {

    /** A usage object the upstream reported, its UTF-8 bytes {@code json[from, to)} as they arrived (valid during the call). */
    void usage(byte[] json, int from, int to);

    /** Why the upstream's answer ended, as it said it. */
    void finishReason(String reason);
}
