package io.modelgate.policy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What happens to a call when no token can be obtained for its upstream ({@code on_failure}). */
public enum FailurePolicy {
    /** The caller gets 502 {@code upstream_auth_error}, naming the credential. */
    FAIL,
    /** A warning is logged and the call is forwarded without {@code Authorization} (LiteLLM's SDK behaviour). */
    PROCEED_WITHOUT_AUTH;

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
