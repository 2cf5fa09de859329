package io.modelgate.gateway;

import io.modelgate.policy.UpstreamKind;
import io.modelgate.telemetry.CallTrace;
import io.modelgate.telemetry.SpanAttributes;
import io.modelgate.telemetry.Tracing;
import io.modelgate.upstream.Deployment;
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
            attempt.describe(described.attributes());
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
        String operation = operation(call.endpoint());
        boolean namesModel = !Meter.NONE.equals(call.model());
        trace.server().updateName(namesModel ? operation + " " + call.model() : call.method() + " " + call.path());
        String provider = null;
        String responseModel = null;
        for (CallTrace.Attempt attempt : trace.attempts()) { // the last attempt's provider; the model whose answer was relayed
            provider = attempt.description().get(SpanAttributes.PROVIDER);
            if (attempt.status() / 100 == 2) {
                responseModel = attempt.description().get(SpanAttributes.REQUEST_MODEL);
            }
        }
        trace.server().describe(new ServerSpanAttributes(call, operation, namesModel, provider, responseModel, tracing.recordsSubject()));
        trace.end(trace.startedNanos() + call.durationNanos(), call.status() >= 500);
    }
}
