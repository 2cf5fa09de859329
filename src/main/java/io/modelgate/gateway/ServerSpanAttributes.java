package io.modelgate.gateway;

import io.modelgate.telemetry.IteratedAttributes;
import io.modelgate.telemetry.SpanAttributes;
import io.modelgate.usage.TokenUsage;
import io.modelgate.usage.UsageRecord;
import io.opentelemetry.api.common.AttributeKey;

import java.util.function.BiConsumer;

/**
 * A traced call's server span attributes, read from its record when asked rather than copied into the span: the
 * operation, provider, models, stream flag, token usage, status, role and decision (and the subject only when
 * configured). The span is written to OTLP right after it ends, reading each once; set one by one, each had been
 * looked up, stored and read back (bench/CHANGES.md, session 28). Immutable, as the record.
 */
final class ServerSpanAttributes extends IteratedAttributes {

    private final UsageRecord call;
    private final String operation;
    private final boolean namesModel;
    private final String provider;
    private final String responseModel;
    private final boolean recordSubject;
    private int size = -1;

    /**
     * The attributes of {@code call}'s span: {@code operation} as the conventions name it; {@code namesModel} whether
     * the call named a model (else its route says what it was); the last attempt's {@code provider} and the model whose
     * answer was relayed ({@code responseModel}), null when none.
     */
    ServerSpanAttributes(UsageRecord call, String operation, boolean namesModel, String provider, String responseModel, boolean recordSubject) {
        this.call = call;
        this.operation = operation;
        this.namesModel = namesModel;
        this.provider = provider;
        this.responseModel = responseModel;
        this.recordSubject = recordSubject;
    }

    @Override
    public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> attribute) {
        attribute.accept(SpanAttributes.OPERATION, operation);
        if (provider != null) {
            attribute.accept(SpanAttributes.PROVIDER, provider);
        }
        attribute.accept(SpanAttributes.HTTP_STATUS, (long) call.status());
        attribute.accept(SpanAttributes.ROLE, call.role());
        attribute.accept(SpanAttributes.DECISION, call.decision());
        if (namesModel) {
            attribute.accept(SpanAttributes.REQUEST_MODEL, call.model());
            attribute.accept(SpanAttributes.REQUEST_STREAM, call.stream());
        } else { // named after its route, which these say
            attribute.accept(SpanAttributes.HTTP_METHOD, call.method());
            attribute.accept(SpanAttributes.URL_PATH, call.path());
        }
        if (responseModel != null) {
            attribute.accept(SpanAttributes.RESPONSE_MODEL, responseModel);
        }
        TokenUsage usage = call.usage();
        if (usage != null) {
            attribute.accept(SpanAttributes.INPUT_TOKENS, usage.input());
            attribute.accept(SpanAttributes.OUTPUT_TOKENS, usage.output());
            if (usage.cachedInput() > 0) {
                attribute.accept(SpanAttributes.CACHE_READ_TOKENS, usage.cachedInput());
            }
            if (usage.cacheWriteInput() > 0) {
                attribute.accept(SpanAttributes.CACHE_CREATION_TOKENS, usage.cacheWriteInput());
            }
        }
        if (call.stream() && call.firstAnswerNanos() > 0) {
            attribute.accept(SpanAttributes.FIRST_CHUNK_MS, call.firstAnswerNanos() / 1_000_000.0);
        }
        if (call.translatedTo() != null) {
            attribute.accept(SpanAttributes.TRANSLATED_TO, call.translatedTo());
        }
        if (recordSubject && call.subject() != null) {
            attribute.accept(SpanAttributes.ENDUSER, call.subject());
        }
        boolean failed = call.status() >= 500;
        if (failed || "aborted".equals(call.decision())) {
            attribute.accept(SpanAttributes.ERROR_TYPE, failed ? Integer.toString(call.status()) : "aborted");
        }
    }

    /** Counted once: the exporter asks each span how many attributes it has. */
    @Override
    public int size() {
        if (size < 0) {
            size = super.size();
        }
        return size;
    }

    @Override
    public boolean isEmpty() {
        return false; // an operation, a status, a role and a decision at least
    }
}
