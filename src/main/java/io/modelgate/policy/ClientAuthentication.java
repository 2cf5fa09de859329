package io.modelgate.policy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a client proves itself at an OAuth2 token endpoint ({@code client_auth}). */
public enum ClientAuthentication {
    CLIENT_SECRET_BASIC, CLIENT_SECRET_POST;

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
