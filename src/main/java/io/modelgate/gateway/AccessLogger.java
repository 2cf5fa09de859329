package io.modelgate.gateway;

import io.modelgate.usage.TokenUsage;
import io.modelgate.usage.UsageRecord;
import jakarta.inject.Singleton;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Logger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * The access log: one line per data-plane request in category {@code modelgate.access}, written from each call's
 * {@link UsageRecord} off the event loop: who, which model, the decision, status, latency, the upstream deployment
 * that answered, the API a translated call reached it on and what the translation left out, and the tokens and cost
 * reported. The same facts are MDC fields of the log record, so a JSON log
 * ({@code quarkus.log.console.json.enabled}) carries them as fields. Tokens and bodies are never logged.
 *
 * <p>The line is built by hand and handed to the log manager as a finished record (its time the call's end, its MDC
 * its own): the printf-style formatting and thread-local MDC of the usual logging API were most of what the access
 * log cost per request. A batch of lines is written with one flush ({@link OneFlushPerBatch}).
 */
@Singleton
public class AccessLogger implements UsageRecord.Sink {

    static final String CATEGORY = "modelgate.access";
    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final String FQCN = AccessLogger.class.getName();

    private final boolean enabled;

    AccessLogger(GatewayConfig config) {
        this.enabled = config.accessLog();
    }

    @Override
    public void accept(List<UsageRecord> batch) {
        if (!enabled || !LOG.isLoggable(Level.INFO)) {
            return;
        }
        StringBuilder line = new StringBuilder(200);
        try (OneFlushPerBatch once = OneFlushPerBatch.of(LOG)) {
            for (UsageRecord record : batch) {
                line.setLength(0);
                LOG.logRaw(logRecord(record, line));
            }
        }
    }

    private static ExtLogRecord logRecord(UsageRecord call, StringBuilder line) {
        String subject = orDash(call.subject());
        String upstream = orDash(call.deployment());
        String millis = millis(call.durationNanos());
        String status = Integer.toString(call.status());
        line.append(call.method()).append(' ').append(call.path()).append(' ').append(status).append(' ').append(millis)
                .append("ms subject=").append(subject).append(" model=").append(call.model()).append(" decision=").append(call.decision())
                .append(" upstream=").append(upstream);
        Map<String, String> mdc = new HashMap<>(16);
        mdc.put("subject", subject);
        mdc.put("model", call.model());
        mdc.put("decision", call.decision());
        mdc.put("status", status);
        mdc.put("duration_ms", millis);
        mdc.put("upstream", upstream);
        mdc.put("method", call.method());
        mdc.put("path", call.path());
        if (call.translatedTo() != null) {
            line.append(" translated_to=").append(call.translatedTo());
            mdc.put("translated_to", call.translatedTo());
            if (call.omitted() != null) {
                line.append(" omitted=").append(call.omitted());
                mdc.put("omitted", call.omitted());
            }
        }
        TokenUsage usage = call.usage();
        if (usage != null) {
            String input = Long.toString(usage.input());
            String output = Long.toString(usage.output());
            line.append(" input_tokens=").append(input).append(" output_tokens=").append(output);
            mdc.put("input_tokens", input);
            mdc.put("output_tokens", output);
            if (call.costUsd() > 0) {
                String cost = BigDecimal.valueOf(call.costUsd()).setScale(8, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
                line.append(" cost_usd=").append(cost);
                mdc.put("cost_usd", cost);
            }
        }
        ExtLogRecord record = new ExtLogRecord(Level.INFO, line.toString(), ExtLogRecord.FormatStyle.NO_FORMAT, FQCN);
        record.setLoggerName(CATEGORY);
        record.setInstant(Instant.ofEpochMilli(call.endedAtMillis()));
        record.setMdc(mdc);
        return record;
    }

    /** Milliseconds with one decimal, without a formatter. */
    static String millis(long nanos) {
        long tenths = (nanos + 50_000) / 100_000;
        return (tenths / 10) + "." + (tenths % 10);
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
