package io.modelgate.upstream.credential;

import java.util.Locale;

/** What happens to a call when no token can be obtained for its upstream. */
public enum FailurePolicy {
    /** The caller gets 502 {@code upstream_auth_error}, naming the credential. */
    FAIL,
    /** A warning is logged and the call is forwarded without {@code Authorization} (LiteLLM's SDK behaviour). */
    PROCEED_WITHOUT_AUTH;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailurePolicy fromConfigName(String value) {
        for (FailurePolicy p : values()) {
            if (p.configName().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("on_failure must be fail or proceed_without_auth");
    }
}
