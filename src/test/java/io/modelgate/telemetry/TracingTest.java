package io.modelgate.telemetry;

import io.modelgate.testing.OtlpReceiver;
import io.modelgate.testing.OtlpReceiver.ReceivedSpan;
import io.modelgate.testing.TestIdentityProvider;
import io.modelgate.testing.TestUpstream;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A platform team sees each gateway call in its tracing backend as the GenAI conventions describe a model call, inside
 * the trace of the application that made it, with the upstream's part as a child whose context reached the upstream.
 * The spans are what the OTLP exporter really sent to a collector ({@link OtlpReceiver}).
 */
@QuarkusTest
class TracingTest {

    private static final String SECRET_PROMPT = "the-prompt-nobody-may-see";

    @Test
    void aModelCallContinuesTheCallersTraceAndHandsItToTheUpstream() {
        String traceId = hex(16);
        String callerSpan = hex(8);
        TestUpstream.current().clear();
        given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("alice", "basic_user"))
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .contentType(ContentType.JSON)
                .body("{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + SECRET_PROMPT + "\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);

        List<ReceivedSpan> trace = spansOf(traceId, 2);
        ReceivedSpan server = only(trace, SpanKind.SPAN_KIND_SERVER);
        ReceivedSpan client = only(trace, SpanKind.SPAN_KIND_CLIENT);
        assertEquals("chat chat", server.name(), "named {gen_ai.operation.name} {gen_ai.request.model}");
        assertEquals(callerSpan, server.parentSpanId(), "the caller's span is the gateway span's parent");
        assertEquals("chat", server.attributes().get("gen_ai.operation.name"));
        assertEquals("chat", server.attributes().get("gen_ai.request.model"));
        assertEquals("openai", server.attributes().get("gen_ai.provider.name"));
        assertEquals("upstream-chat-1", server.attributes().get("gen_ai.response.model"));
        assertEquals("false", server.attributes().get("gen_ai.request.stream"));
        assertEquals("stop", server.attributes().get("gen_ai.response.finish_reasons"), "why the answer ended, as the upstream said");
        assertNotNull(server.attributes().get("gen_ai.usage.input_tokens"), server.attributes().toString());
        assertNotNull(server.attributes().get("gen_ai.usage.output_tokens"), server.attributes().toString());
        assertEquals("internal_user", server.attributes().get("modelgate.role"));
        assertEquals("allowed:internal_user", server.attributes().get("modelgate.decision"));
        assertEquals("200", server.attributes().get("http.response.status_code"));
        assertFalse(server.attributes().containsKey("enduser.id"), "the subject only when an operator turns it on");
        assertEquals("modelgate", server.serviceName());

        assertEquals(server.spanId(), client.parentSpanId(), "the upstream call is a child of the gateway call");
        assertEquals("chat upstream-chat-1", client.name());
        assertEquals("upstream-chat-1", client.attributes().get("gen_ai.request.model"));
        assertEquals("127.0.0.1", client.attributes().get("server.address"));
        assertEquals("200", client.attributes().get("http.response.status_code"));
        assertTrue(client.startNanos() >= server.startNanos() && client.endNanos() <= server.endNanos(), "inside the gateway span");

        String sent = TestUpstream.current().requests().get(0).headers().get("traceparent");
        assertEquals("00-" + traceId + "-" + client.spanId() + "-01", sent, "the upstream continues the trace under the client span");
        for (ReceivedSpan span : trace) {
            assertFalse(span.attributes().toString().contains(SECRET_PROMPT), "prompts are never recorded: " + span);
        }
    }

    @Test
    void aCallTheCallerDidNotSampleHandsItsTraceOnButRecordsNothing() {
        String unsampled = hex(16);
        TestUpstream.current().clear();
        given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("alice", "basic_user"))
                .header("traceparent", "00-" + unsampled + "-" + hex(8) + "-00")
                .contentType(ContentType.JSON).body("{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
        String sent = TestUpstream.current().requests().get(0).headers().get("traceparent");
        assertNotNull(sent, "the upstream still gets the trace context");
        assertTrue(sent.startsWith("00-" + unsampled + "-") && sent.endsWith("-00"), "the same trace, still not sampled: " + sent);

        String sampled = hex(16); // a sampled call made after it: once its spans are in, the first call's would be too
        given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("alice", "basic_user"))
                .header("traceparent", "00-" + sampled + "-" + hex(8) + "-01")
                .contentType(ContentType.JSON).body("{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
        spansOf(sampled, 2);
        assertTrue(OtlpReceiver.current().spans().stream().noneMatch(span -> span.traceId().equals(unsampled)),
                "no span of the trace the caller did not sample");
    }

    @Test
    void aRefusedCallIsTracedWithItsDecisionAndNothingGoesUpstream() {
        String traceId = hex(16);
        given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("alice", "basic_user"))
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .contentType(ContentType.JSON).body("{\"model\":\"secret-model\",\"messages\":[]}")
                .when().post("/v1/chat/completions").then().statusCode(403);

        ReceivedSpan server = only(spansOf(traceId, 1), SpanKind.SPAN_KIND_SERVER);
        assertEquals("chat secret-model", server.name());
        assertEquals("none", server.attributes().get("modelgate.role"));
        assertEquals("model_not_permitted", server.attributes().get("modelgate.decision"));
        assertEquals("UNSET", server.statusCode().replace("STATUS_CODE_", ""), "a refused caller is not the gateway's error");
    }

    @Test
    void aStreamedCallStartsItsOwnTraceWhenTheCallerSentNone() {
        List<ReceivedSpan> before = OtlpReceiver.current().spans();
        given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("alice", "basic_user"))
                .contentType(ContentType.JSON).body("{\"model\":\"chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
        ReceivedSpan server = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> OtlpReceiver.current().spans().stream().filter(span -> !before.contains(span))
                        .filter(span -> span.kind() == SpanKind.SPAN_KIND_SERVER && "true".equals(span.attributes().get("gen_ai.request.stream")))
                        .findFirst().orElse(null), java.util.Objects::nonNull);
        assertEquals("", server.parentSpanId(), "a root span");
        assertNotNull(server.attributes().get("modelgate.time_to_first_chunk_ms"), server.attributes().toString());
    }

    @Test
    void theIdentityProvidersKeySetFetchIsASpanOfItsOwn() {
        // the first token verified fetched the test issuer's key set (this test may be the first to send one)
        given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("alice", "basic_user")).when().get("/v1/models").then().statusCode(200);
        ReceivedSpan fetch = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> OtlpReceiver.current().spans().stream()
                .filter(span -> span.name().equals("fetch jwks")).findFirst().orElse(null), java.util.Objects::nonNull);
        assertEquals(SpanKind.SPAN_KIND_CLIENT, fetch.kind());
        assertEquals("200", fetch.attributes().get("http.response.status_code"), fetch.toString());
        assertEquals("127.0.0.1", fetch.attributes().get("server.address"), fetch.toString());
        assertEquals("", fetch.parentSpanId(), "shared by the calls that waited for it: a root of its own");
    }

    @Test
    void anUpstreamTokenFetchIsASpanNamingItsCredentialNeverTheToken() {
        given().auth().oauth2(TestIdentityProvider.current().tokenWithRoles("carol", "cred-tester")).contentType(ContentType.JSON)
                .body("{\"model\":\"cred-oauth-traced\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);
        ReceivedSpan fetch = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> OtlpReceiver.current().spans().stream()
                .filter(span -> span.name().equals("fetch upstream token") && "idp-traced".equals(span.attributes().get("modelgate.credential"))).findFirst().orElse(null), java.util.Objects::nonNull);
        assertEquals(SpanKind.SPAN_KIND_CLIENT, fetch.kind());
        assertFalse(fetch.attributes().toString().contains("idp-token-"), "the token obtained is never recorded: " + fetch);
    }

    @Test
    void anMcpToolCallIsAnExecuteToolSpanInTheCallersTraceAndItsServerContinuesIt() {
        String admin = TestIdentityProvider.current().tokenWithRoles("tracing-root", "proxy_admin");
        String session = given().header("Authorization", "Bearer " + admin).contentType("application/json")
                .accept("application/json, text/event-stream").header("MCP-Protocol-Version", "2025-06-18")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}")
                .post("/mcp/recorded").then().statusCode(200).extract().header("Mcp-Session-Id");
        TestUpstream.current().clear();
        String traceId = hex(16);
        given().header("Authorization", "Bearer " + admin).contentType("application/json").accept("application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-06-18").header("Mcp-Session-Id", session)
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\""
                        + SECRET_PROMPT + "\"}}}")
                .post("/mcp/recorded").then().statusCode(200);

        ReceivedSpan tool = only(spansOf(traceId, 1), SpanKind.SPAN_KIND_SERVER);
        assertEquals("execute_tool echo", tool.name());
        assertEquals("execute_tool", tool.attributes().get("gen_ai.operation.name"));
        assertEquals("echo", tool.attributes().get("gen_ai.tool.name"));
        assertEquals("recorded", tool.attributes().get("modelgate.mcp.server"));
        assertEquals("proxy_admin", tool.attributes().get("modelgate.role"));
        assertFalse(tool.attributes().toString().contains(SECRET_PROMPT), "arguments are never recorded: " + tool);
        String sent = TestUpstream.current().requests().stream().filter(request -> request.path().equals("/mcp")).findFirst()
                .orElseThrow().headers().get("traceparent");
        assertEquals("00-" + traceId + "-" + tool.spanId() + "-01", sent, "the MCP server continues the trace under the tool call's span");
    }

    private static List<ReceivedSpan> spansOf(String traceId, int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> OtlpReceiver.current().spans().stream().filter(span -> span.traceId().equals(traceId)).toList(),
                spans -> spans.size() >= count);
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, SpanKind kind) {
        List<ReceivedSpan> of = spans.stream().filter(span -> span.kind() == kind).toList();
        assertEquals(1, of.size(), kind + " spans: " + spans);
        return of.get(0);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros, which W3C trace context forbids
        return HexFormat.of().formatHex(random);
    }
}
