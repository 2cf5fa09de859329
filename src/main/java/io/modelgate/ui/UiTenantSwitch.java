package io.modelgate.ui;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * The operator UI is optional: its OIDC tenant {@code ui} (whose web-app defaults ship in
 * application.properties) is enabled exactly when {@code quarkus.oidc.ui.auth-server-url} is configured,
 * unless {@code quarkus.oidc.ui.tenant-enabled} says otherwise. Without this, a deployment that does not
 * use the UI would fail to start on the tenant's missing URL.
 */
@Priority(Priorities.APPLICATION + 100)
public class UiTenantSwitch implements ConfigSourceInterceptor {

    static final String ENABLED = "quarkus.oidc.ui.tenant-enabled";
    static final String AUTH_SERVER_URL = "quarkus.oidc.ui.auth-server-url";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        // not set by anyone: absent, or only the extension's own default (the lowest-ordinal source)
        boolean unset = value == null || value.getConfigSourceOrdinal() == Integer.MIN_VALUE;
        if (unset && ENABLED.equals(name)) {
            ConfigValue url = context.proceed(AUTH_SERVER_URL);
            boolean configured = url != null && url.getValue() != null && !url.getValue().isBlank();
            return ConfigValue.builder().withName(name).withValue(String.valueOf(configured)).build();
        }
        return value;
    }
}
