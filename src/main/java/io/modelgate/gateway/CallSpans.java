package io.modelgate.gateway;

import io.modelgate.policy.UpstreamKind;
import io.modelgate.telemetry.CallTrace;
import io.modelgate.telemetry.Tracing;
import io.modelgate.upstream.Deployment;
import io.modelgate.usage.TokenUsage;
import io.modelgate.usage.UsageRecord;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * A traced call's spans, as the OpenTelemetry GenAI semantic conventions describe a model call: the server span named
 * {@code {gen_ai.operation.name} {gen_ai.request.model}} (e.g. {@code chat gpt-4o}) with the operation, provider, models,
 * token usage and stream flag, plus the gateway's role and decision ({@code modelgate.*}); each upstream attempt a
 * client span of the same name with the provider, the upstream model and its address. A call that names no model (the
 * model list, {@code /v1/me}, a stored response) is named after its operation. Prompts and answers are never recorded;
 * the caller's subject only when {@code modelgate.tracing.record-subject} is on. The record's sink: spans get their
 * names and attributes and end off the event loop.
 */
@Singleton
final class CallSpans implements UsageRecord.Sink {

    /** The gateway's operations as the conventions name them ({@code gen_ai.operation.name}); others keep their own name. */
    private static final Map<String, String> OPERATIONS = Map.of("chat", "chat", "responses", "chat", "messages", "chat",
            "completions", "text_completion", "embeddings", "embeddings");

    private static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");

    private final Tracing tracing;

    CallSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    /** The conventions' {@code gen_ai.operation.name} of a gateway operation. */
    static String operation(String gatewayOperation) {
        return OPERATIONS.getOrDefault(gatewayOperation, gatewayOperation);
    }

    /** The conventions' {@code gen_ai.provider.name} of an upstream kind. */
    static String provider(UpstreamKind kind) {
        return switch (kind) {
            case OPENAI -> "openai";
            case AZURE -> "azure.ai.openai";
            case ANTHROPIC -> "anthropic";
            case MOCK -> "modelgate.mock";
        };
    }

    /** An upstream attempt of a traced call, starting now: its client span, described by what the deployment is. */
    static CallTrace.Attempt attempt(Call call, Deployment deployment, long startedNanos) {
        String operation = operation(call.operation);
        CallTrace.Attempt attempt = call.trace.upstream(operation + " " + deployment.upstreamModel(), startedNanos);
        Span span = attempt.span();
        span.setAttribute("gen_ai.operation.name", operation);
        span.setAttribute("gen_ai.provider.name", provider(deployment.kind()));
        span.setAttribute("gen_ai.request.model", deployment.upstreamModel());
        span.setAttribute("modelgate.deployment", deployment.label());
        if (deployment.baseUrl() != null && deployment.baseUrl().getHost() != null) {
            span.setAttribute("server.address", deployment.baseUrl().getHost());
            int port = deployment.baseUrl().getPort();
            span.setAttribute("server.port", port > 0 ? port : "https".equals(deployment.baseUrl().getScheme()) ? 443 : 80);
        }
        call.trace.server().setAttribute("gen_ai.provider.name", provider(deployment.kind()));
        return attempt;
    }

    /** The deployment's answer is the one relayed: the model that made it is the call's response model. */
    static void answered(Call call, CallTrace.Attempt attempt, Deployment deployment, int status) {
        attempt.answered(status);
        if (status / 100 == 2) {
            call.trace.server().setAttribute("gen_ai.response.model", deployment.upstreamModel());
        }
    }

    /** Why the answer ended ({@code gen_ai.response.finish_reasons}), as the upstream said it; nothing when it did not. */
    static void finishReasons(CallTrace trace, List<String> reasons) {
        if (!reasons.isEmpty()) {
            trace.server().setAttribute(FINISH_REASONS, reasons);
        }
    }

    @Override
    public void accept(List<UsageRecord> batch) {
        for (UsageRecord call : batch) {
            if (call.trace() != null) {
                end(call, call.trace());
            }
        }
    }

    private void end(UsageRecord call, CallTrace trace) {
        Span server = trace.server();
        String operation = operation(call.endpoint());
        boolean namesModel = !Meter.NONE.equals(call.model());
        server.updateName(namesModel ? operation + " " + call.model() : call.method() + " " + call.path());
        server.setAttribute("gen_ai.operation.name", operation);
        server.setAttribute("http.request.method", call.method());
        server.setAttribute("url.path", call.path());
        server.setAttribute("http.response.status_code", call.status());
        server.setAttribute("modelgate.role", call.role());
        server.setAttribute("modelgate.decision", call.decision());
        if (namesModel) {
            server.setAttribute("gen_ai.request.model", call.model());
            server.setAttribute("gen_ai.request.stream", call.stream());
        }
        if (call.deployment() != null) {
            server.setAttribute("modelgate.deployment", call.deployment());
        }
        TokenUsage usage = call.usage();
        if (usage != null) {
            server.setAttribute("gen_ai.usage.input_tokens", usage.input());
            server.setAttribute("gen_ai.usage.output_tokens", usage.output());
            if (usage.cachedInput() > 0) {
                server.setAttribute("gen_ai.usage.cache_read.input_tokens", usage.cachedInput());
            }
            if (usage.cacheWriteInput() > 0) {
                server.setAttribute("gen_ai.usage.cache_creation.input_tokens", usage.cacheWriteInput());
            }
        }
        if (call.stream() && call.firstAnswerNanos() > 0) {
            server.setAttribute("modelgate.time_to_first_chunk_ms", call.firstAnswerNanos() / 1_000_000.0);
        }
        if (call.translatedTo() != null) {
            server.setAttribute("modelgate.translated_to", call.translatedTo());
        }
        if (tracing.recordsSubject() && call.subject() != null) {
            server.setAttribute("enduser.id", call.subject());
        }
        boolean failed = call.status() >= 500;
        if (failed || "aborted".equals(call.decision())) {
            server.setAttribute("error.type", failed ? Integer.toString(call.status()) : "aborted");
        }
        trace.end(trace.startedNanos() + call.durationNanos(), failed);
    }
}
