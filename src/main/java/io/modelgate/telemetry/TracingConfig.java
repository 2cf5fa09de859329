package io.modelgate.telemetry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the gateway's spans may say ({@code modelgate.tracing.*}); where they go is Quarkus's {@code quarkus.otel.*}. */
@ConfigMapping(prefix = "modelgate.tracing")
public interface TracingConfig {

    /** Put the caller's subject on their calls' spans ({@code enduser.id}); off, a span says who called by role alone. */
    @WithDefault("false")
    boolean recordSubject();
}
