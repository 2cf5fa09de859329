package io.modelgate.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelgate.inspect.Endpoint;
import io.modelgate.policy.UpstreamKind;
import io.modelgate.upstream.Deployment;
import io.modelgate.upstream.MockBehaviour;
import io.modelgate.upstream.UpstreamCall;
import io.modelgate.upstream.UpstreamConnectException;
import io.modelgate.upstream.UpstreamResponse;
import io.modelgate.upstream.UpstreamTransport;
import io.modelgate.usage.TokenPrices;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relay stage on real exchanges, against upstreams the test plays: fail-over, status mapping, what is relayed. */
class RelayTest {

    private final Relay relay = new Relay(new GatewayMetrics(new SimpleMeterRegistry()));
    private final List<String> tried = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<Relay.Relayed> outcome = new AtomicReference<>();
    private final AtomicReference<Call> lastCall = new AtomicReference<>();
    private ServedCalls served;

    @AfterEach
    void stop() throws Exception {
        if (served != null) {
            served.close();
        }
    }

    /** A deployment whose transport notes the try and answers what {@code answers} gives next. */
    private Deployment deployment(String label, Supplier<Future<UpstreamResponse>> answers) {
        UpstreamTransport transport = (deployment, call) -> {
            tried.add(label);
            return answers.get();
        };
        return new Deployment(label, UpstreamKind.OPENAI, URI.create("http://127.0.0.1:9/v1"), "upstream-model", Optional.empty(), null, 1,
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), MockBehaviour.DEFAULT, TokenPrices.NONE, transport);
    }

    private static Supplier<Future<UpstreamResponse>> answering(int status, String body) {
        return () -> Future.succeededFuture(new FakeAnswer(status, "application/json", List.of(body)));
    }

    private static Supplier<Future<UpstreamResponse>> refusingConnections(boolean stale) {
        return () -> Future.failedFuture(new UpstreamConnectException("down", new ConnectException("refused"), stale));
    }

    private HttpResponse<String> relayed(List<Deployment> deployments, AnswerWatches watches) throws Exception {
        served = ServedCalls.serving(null, call -> {
            lastCall.set(call);
            UpstreamCall upstreamCall = new UpstreamCall(Endpoint.CHAT_COMPLETIONS, null, null, model -> Buffer.buffer("{}"),
                    "application/json", false, MultiMap.caseInsensitiveMultiMap(), "request-1");
            relay.send(call, "chat", deployments, upstreamCall, watches).onSuccess(outcome::set).onFailure(failure -> Render.error(call, failure));
        });
        return served.post("/v1/chat/completions", "{}");
    }

    @Test
    void anUnreachableDeploymentIsFailedOverToTheNext() throws Exception {
        HttpResponse<String> answer = relayed(List.of(deployment("a", refusingConnections(false)), deployment("b", answering(200, "{\"from\":\"b\"}"))),
                AnswerWatches.NONE);

        assertEquals(200, answer.statusCode());
        assertEquals("{\"from\":\"b\"}", answer.body());
        assertEquals(List.of("a", "b"), tried);
        await().atMost(Duration.ofSeconds(2)).until(() -> outcome.get() != null); // set once the answer has ended
        assertEquals("b", assertInstanceOf(Relay.Relayed.Answered.class, outcome.get()).deployment().label());
        assertEquals("b", lastCall.get().answeredBy().label());
    }

    @Test
    void aStaleKeepAliveConnectionIsRetriedOnTheSameDeploymentTwiceAtMost() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Supplier<Future<UpstreamResponse>> staleTwiceThenAnswers = () -> calls.incrementAndGet() <= 2
                ? refusingConnections(true).get() : answering(200, "{}").get();

        assertEquals(200, relayed(List.of(deployment("a", staleTwiceThenAnswers)), AnswerWatches.NONE).statusCode());
        assertEquals(List.of("a", "a", "a"), tried);
    }

    @Test
    void aServerErrorIsFailedOverButTheLastDeploymentsIsTheCallersError() throws Exception {
        FakeAnswer failed = new FakeAnswer(503, "application/json", List.of("{\"error\":\"busy\"}"));
        HttpResponse<String> answer = relayed(List.of(deployment("a", () -> Future.succeededFuture(failed)),
                deployment("b", answering(500, "{\"error\":\"boom\"}"))), AnswerWatches.NONE);

        assertEquals(502, answer.statusCode());
        assertTrue(answer.body().contains("\"code\":\"upstream_error\"") && answer.body().contains("failed (HTTP 500)"), answer.body());
        assertFalse(answer.body().contains("boom"), "the upstream's own error body is not relayed");
        assertTrue(failed.discarded, "the failed-over answer is read and dropped, keeping its connection usable");
        assertEquals(List.of("a", "b"), tried);
    }

    @Test
    void anUpstreamRateLimitBecomesA429WithItsRetryAfter() throws Exception {
        HttpResponse<String> answer = relayed(List.of(deployment("a",
                () -> Future.succeededFuture(new FakeAnswer(429, "application/json", List.of("{}")).header("Retry-After", "7")))), AnswerWatches.NONE);

        assertEquals(429, answer.statusCode());
        assertEquals("7", answer.headers().firstValue("Retry-After").orElse(null));
        assertTrue(answer.body().contains("\"code\":\"upstream_rate_limited\""), answer.body());
    }

    @Test
    void theUpstreamRefusingModelgatesCredentialsIsAGatewayErrorNotTheCallers() throws Exception {
        HttpResponse<String> answer = relayed(List.of(deployment("a", answering(401, "{\"error\":\"bad key sk-123\"}"))), AnswerWatches.NONE);

        assertEquals(502, answer.statusCode());
        assertTrue(answer.body().contains("refused Modelgate's credentials"), answer.body());
        assertFalse(answer.body().contains("sk-123"));
    }

    @Test
    void aModelWithoutDeploymentsIsUnavailable() throws Exception {
        HttpResponse<String> answer = relayed(List.of(), AnswerWatches.NONE);

        assertEquals(502, answer.statusCode());
        assertTrue(answer.body().contains("has no deployment configured"), answer.body());
        assertTrue(tried.isEmpty());
    }

    @Test
    void hopByHopHeadersStayButTheAnswersOwnTravel() throws Exception {
        HttpResponse<String> answer = relayed(List.of(deployment("a", () -> Future.succeededFuture(new FakeAnswer(200, "application/json", List.of("{}"))
                .header("Set-Cookie", "session=upstream").header("Server", "upstream/1.0").header("OpenAI-Processing-Ms", "12")))),
                AnswerWatches.NONE);

        assertEquals("12", answer.headers().firstValue("OpenAI-Processing-Ms").orElse(null));
        assertFalse(answer.headers().firstValue("Set-Cookie").isPresent());
        assertFalse(answer.headers().firstValue("Server").isPresent());
    }

    @Test
    void aWatchSeesEveryChunkAndMayTakeOutWhatTheGatewayAskedFor() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        AnswerWatches dropSecret = (deployment, response) -> new AnswerWatch() {
            @Override
            public Buffer chunk(Buffer chunk) {
                seen.add(chunk.toString());
                return chunk.toString().contains("gateway-only") ? null : chunk;
            }

            @Override
            public Buffer end() {
                return Buffer.buffer("data: [DONE]\n\n");
            }
        };
        HttpResponse<String> answer = relayed(List.of(deployment("a", () -> Future.succeededFuture(new FakeAnswer(200, "text/event-stream",
                List.of("data: one\n\n", "data: gateway-only\n\n", "data: two\n\n"))))), dropSecret);

        assertEquals("data: one\n\ndata: two\n\ndata: [DONE]\n\n", answer.body());
        assertEquals(3, seen.size());
    }

    @Test
    void aCallWithNoAnswerChosenHasNoDeploymentOnItsRecord() throws Exception {
        relayed(List.of(deployment("a", refusingConnections(false))), AnswerWatches.NONE);

        assertNull(lastCall.get().answeredBy());
        assertNull(outcome.get());
    }
}
