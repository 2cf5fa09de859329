package io.modelgate.gateway;

import io.modelgate.inspect.Endpoint;
import io.modelgate.inspect.ModelRequest;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inspect stage on real exchanges: the body read once, up to its limit, for what decides the call. */
class InspectTest {

    private final AtomicReference<ModelRequest> asked = new AtomicReference<>();
    private ServedCalls served;

    @AfterEach
    void stop() throws Exception {
        if (served != null) {
            served.close();
        }
    }

    private ServedCalls serving(Endpoint endpoint, long maxBody) throws Exception {
        Vertx[] vertx = new Vertx[1];
        GatewayConfig config = new GatewayConfig() {
            @Override
            public MemorySize maxBodySize() {
                return new MemorySize(BigInteger.valueOf(maxBody));
            }

            @Override
            public MemorySize maxUploadSize() {
                return new MemorySize(BigInteger.valueOf(4 * maxBody));
            }

            @Override
            public boolean accessLog() {
                return true;
            }
        };
        served = ServedCalls.serving(null, call -> {
            Inspect inspect = new Inspect(call.exchange.vertx(), config);
            RequestBody body = inspect.expect(call, endpoint);
            inspect.asked(call, endpoint, body)
                    .onSuccess(request -> {
                        asked.set(request);
                        call.response().end(request.withModel("upstream-" + request.model()));
                    })
                    .onFailure(failure -> Render.error(call, failure));
        });
        return served;
    }

    @Test
    void aJsonBodyIsReadForItsModelAndForwardedWithOnlyTheModelChanged() throws Exception {
        serving(Endpoint.CHAT_COMPLETIONS, 1024);
        String body = "{\"model\":\"chat\", \"stream\":true, \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        HttpResponse<String> answer = served.post("/v1/chat/completions", body);

        assertEquals("{\"model\":\"upstream-chat\", \"stream\":true, \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", answer.body());
        assertEquals("chat", asked.get().model());
        assertTrue(asked.get().stream());
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413WhetherDeclaredOrStreamed() throws Exception {
        serving(Endpoint.CHAT_COMPLETIONS, 64);
        String large = "{\"model\":\"chat\",\"messages\":\"" + "x".repeat(200) + "\"}";

        HttpResponse<String> declared = served.post("/v1/chat/completions", large);
        HttpResponse<String> chunked = served.send(served.request("/v1/chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(large.getBytes()))));

        assertEquals(413, declared.statusCode());
        assertTrue(declared.body().contains("\"code\":\"request_too_large\""), declared.body());
        assertEquals(413, chunked.statusCode());
    }

    @Test
    void aBodyThatIsNotAJsonObjectNamingAModelIsABadRequestInTheApisShape() throws Exception {
        serving(Endpoint.MESSAGES, 1024);

        HttpResponse<String> malformed = served.post("/v1/messages", "{\"model\": ");
        HttpResponse<String> noModel = served.post("/v1/messages", "{\"messages\": []}");

        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("\"type\":\"invalid_request_error\"") && malformed.body().startsWith("{\"type\":\"error\""),
                malformed.body());
        assertEquals(400, noModel.statusCode());
        assertTrue(noModel.body().contains("names no model"), noModel.body());
    }

    @Test
    void aFormIsReadForItsModelField() throws Exception {
        serving(Endpoint.AUDIO_TRANSCRIPTIONS, 4096);
        String form = "--b\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper\r\n--b\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\nRIFF\r\n--b--\r\n";

        HttpResponse<String> answer = served.send(served.request("/v1/audio/transcriptions")
                .header("Content-Type", "multipart/form-data; boundary=b").POST(HttpRequest.BodyPublishers.ofString(form)));

        assertEquals(200, answer.statusCode());
        assertEquals("whisper", asked.get().model());
        assertTrue(answer.body().contains("\r\n\r\nupstream-whisper\r\n") && answer.body().contains("RIFF"), answer.body());
    }
}
