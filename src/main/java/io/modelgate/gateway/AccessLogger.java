package io.modelgate.gateway;

import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.util.Locale;

/**
 * The access log: one line per data-plane request in category {@code modelgate.access}, with what the
 * exchange established (see {@link #SUBJECT} and the other context keys): who, which model, the decision,
 * status, latency and the upstream deployment that answered. The same facts are MDC fields, so a JSON log
 * ({@code quarkus.log.console.json.enabled}) carries them as fields. Tokens and bodies are never logged.
 */
@Singleton
public class AccessLogger {

    /** Routing-context keys the data plane records facts of an exchange under, as it learns them. */
    static final String SUBJECT = "modelgate.access.subject";
    static final String MODEL = "modelgate.access.model";
    static final String ROLE = "modelgate.access.role";
    static final String ERROR = "modelgate.access.error";
    static final String UPSTREAM = "modelgate.access.upstream";

    private static final Logger LOG = Logger.getLogger("modelgate.access");
    private static final String[] FIELDS = {"subject", "model", "decision", "status", "duration_ms", "upstream", "method", "path"};

    private final boolean enabled;

    AccessLogger(GatewayConfig config) {
        this.enabled = config.accessLog();
    }

    /** Logs the finished exchange. */
    public void record(RoutingContext ctx, Duration duration) {
        if (!enabled || !LOG.isInfoEnabled()) {
            return;
        }
        int status = ctx.response().getStatusCode();
        String subject = ctx.get(SUBJECT, "-");
        String model = ctx.get(MODEL, "-");
        String decision = decision(ctx.get(ERROR), ctx.get(ROLE), ctx.response().ended());
        String upstream = ctx.get(UPSTREAM, "-");
        String millis = String.format(Locale.ROOT, "%.1f", duration.toNanos() / 1_000_000.0);
        String[] values = {subject, model, decision, Integer.toString(status), millis, upstream, ctx.request().method().name(),
                ctx.request().path()};
        for (int i = 0; i < FIELDS.length; i++) {
            MDC.put(FIELDS[i], values[i]);
        }
        try {
            LOG.infof("%s %s %d %sms subject=%s model=%s decision=%s upstream=%s", values[6], values[7], status, millis, subject,
                    model, decision, upstream);
        } finally {
            for (String field : FIELDS) {
                MDC.remove(field);
            }
        }
    }

    /**
     * What was decided: {@code allowed:<role>} when a permission let the call through, the error code when
     * the exchange ended with one, {@code aborted} when it ended before a complete answer.
     */
    static String decision(String error, String grantedBy, boolean answered) {
        if (error != null) {
            return error;
        }
        if (!answered) {
            return "aborted";
        }
        return grantedBy == null ? "allowed" : "allowed:" + grantedBy;
    }
}
