package io.modelgate.gateway;

import io.modelgate.policy.UpstreamKind;
import io.modelgate.telemetry.CallTrace;
import io.modelgate.telemetry.SpanAttributes;
import io.modelgate.telemetry.Tracing;
import io.modelgate.upstream.Deployment;
import io.modelgate.usage.TokenUsage;
import io.modelgate.usage.UsageRecord;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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
        ClientSpan described = ClientSpan.of(operation(call.operation), deployment);
        CallTrace.Attempt attempt = call.trace.upstream(described.name(), startedNanos);
        if (attempt.span().isRecording()) { // unsampled: the attempt's context still goes upstream, nothing describes it
            attempt.span().describe(described.attributes());
            call.trace.server().setAttribute(SpanAttributes.PROVIDER, described.attributes().get(SpanAttributes.PROVIDER));
        }
        return attempt;
    }

    /**
     * What the client spans of attempts on one deployment at one operation are named and say, made the first time and
     * shared by every attempt after: the event loop gives a span two references instead of joining a name and setting six
     * attributes, and the exporter reads the same few objects for every call. Found by the deployment's label and then
     * by identity, so a reloaded policy's deployment is described anew; bounded.
     */
    record ClientSpan(Deployment deployment, String operation, String name, Attributes attributes) {

        private static final ConcurrentMap<String, List<ClientSpan>> KNOWN = new ConcurrentHashMap<>();
        private static final int MOST_KNOWN = 4_096;

        static ClientSpan of(String operation, Deployment deployment) {
            List<ClientSpan> known = KNOWN.get(deployment.label());
            if (known != null) {
                for (ClientSpan described : known) {
                    if (described.deployment == deployment && described.operation.equals(operation)) {
                        return described;
                    }
                }
            }
            ClientSpan made = new ClientSpan(deployment, operation, operation + " " + deployment.upstreamModel(), attributes(operation, deployment));
            if (KNOWN.size() >= MOST_KNOWN) {
                KNOWN.clear();
            }
            KNOWN.merge(deployment.label(), List.of(made), (old, added) -> {
                List<ClientSpan> kept = new ArrayList<>(old.stream().filter(described -> described.deployment == deployment).toList());
                kept.add(made);
                return List.copyOf(kept);
            });
            return made;
        }

        private static Attributes attributes(String operation, Deployment deployment) {
            AttributesBuilder attributes = Attributes.builder()
                    .put(SpanAttributes.OPERATION, operation)
                    .put(SpanAttributes.PROVIDER, provider(deployment.kind()))
                    .put(SpanAttributes.REQUEST_MODEL, deployment.upstreamModel())
                    .put(SpanAttributes.DEPLOYMENT, deployment.label());
            URI baseUrl = deployment.baseUrl();
            if (baseUrl != null && baseUrl.getHost() != null) {
                int port = baseUrl.getPort();
                attributes.put(SpanAttributes.SERVER_ADDRESS, baseUrl.getHost())
                        .put(SpanAttributes.SERVER_PORT, port > 0 ? port : "https".equals(baseUrl.getScheme()) ? 443L : 80L);
            }
            return attributes.build();
        }
    }

    /** The deployment's answer is the one relayed: the model that made it is the call's response model. */
    static void answered(Call call, CallTrace.Attempt attempt, Deployment deployment, int status) {
        attempt.answered(status);
        if (status / 100 == 2) {
            call.trace.server().setAttribute(SpanAttributes.RESPONSE_MODEL, deployment.upstreamModel());
        }
    }

    /** Why the answer ended ({@code gen_ai.response.finish_reasons}), as the upstream said it; nothing when it did not. */
    static void finishReasons(CallTrace trace, List<String> reasons) {
        if (!reasons.isEmpty()) {
            trace.server().setAttribute(SpanAttributes.FINISH_REASONS, reasons);
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
        if (!trace.recording()) {
            trace.end(trace.startedNanos() + call.durationNanos(), false);
            return;
        }
        Span server = trace.server();
        String operation = operation(call.endpoint());
        boolean namesModel = !Meter.NONE.equals(call.model());
        server.updateName(namesModel ? operation + " " + call.model() : call.method() + " " + call.path());
        server.setAttribute(SpanAttributes.OPERATION, operation);
        server.setAttribute(SpanAttributes.HTTP_STATUS, (long) call.status());
        server.setAttribute(SpanAttributes.ROLE, call.role());
        server.setAttribute(SpanAttributes.DECISION, call.decision());
        if (namesModel) {
            server.setAttribute(SpanAttributes.REQUEST_MODEL, call.model());
            server.setAttribute(SpanAttributes.REQUEST_STREAM, call.stream());
        } else { // named after its route, which these say
            server.setAttribute(SpanAttributes.HTTP_METHOD, call.method());
            server.setAttribute(SpanAttributes.URL_PATH, call.path());
        }
        TokenUsage usage = call.usage();
        if (usage != null) {
            server.setAttribute(SpanAttributes.INPUT_TOKENS, usage.input());
            server.setAttribute(SpanAttributes.OUTPUT_TOKENS, usage.output());
            if (usage.cachedInput() > 0) {
                server.setAttribute(SpanAttributes.CACHE_READ_TOKENS, usage.cachedInput());
            }
            if (usage.cacheWriteInput() > 0) {
                server.setAttribute(SpanAttributes.CACHE_CREATION_TOKENS, usage.cacheWriteInput());
            }
        }
        if (call.stream() && call.firstAnswerNanos() > 0) {
            server.setAttribute(SpanAttributes.FIRST_CHUNK_MS, call.firstAnswerNanos() / 1_000_000.0);
        }
        if (call.translatedTo() != null) {
            server.setAttribute(SpanAttributes.TRANSLATED_TO, call.translatedTo());
        }
        if (tracing.recordsSubject() && call.subject() != null) {
            server.setAttribute(SpanAttributes.ENDUSER, call.subject());
        }
        boolean failed = call.status() >= 500;
        if (failed || "aborted".equals(call.decision())) {
            server.setAttribute(SpanAttributes.ERROR_TYPE, failed ? Integer.toString(call.status()) : "aborted");
        }
        trace.end(trace.startedNanos() + call.durationNanos(), failed);
    }
}
