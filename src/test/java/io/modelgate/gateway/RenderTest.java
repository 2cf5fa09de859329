package io.modelgate.gateway;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The render stage: the caller's error in the shape of the API called, whatever failed. */
class RenderTest {

    private final AtomicReference<Call> lastCall = new AtomicReference<>();
    private ServedCalls served;

    @AfterEach
    void stop() throws Exception {
        if (served != null) {
            served.close();
        }
    }

    private HttpResponse<String> failing(String path, Consumer<Call> handler) throws Exception {
        served = ServedCalls.serving(null, call -> {
            lastCall.set(call);
            handler.accept(call);
        });
        return served.post(path, "{}");
    }

    @Test
    void anErrorOnTheMessagesPathIsAnthropicsAndElsewhereOpenAis() throws Exception {
        HttpResponse<String> messages = failing("/v1/messages", call -> Render.error(call,
                new GatewayException(ErrorKind.MODEL_NOT_PERMITTED, "not yours")));
        stop();
        HttpResponse<String> chat = failing("/v1/chat/completions", call -> Render.error(call,
                new GatewayException(ErrorKind.MODEL_NOT_PERMITTED, "not yours")));

        assertEquals(403, messages.statusCode());
        assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"not yours\"}}", messages.body());
        assertEquals(403, chat.statusCode());
        assertTrue(chat.body().startsWith("{\"error\":{\"message\":\"not yours\""), chat.body());
        assertEquals("application/json", chat.headers().firstValue("Content-Type").orElse(null));
        assertEquals(ErrorKind.MODEL_NOT_PERMITTED, lastCall.get().error(), "noted for the call's record");
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorThatTellsNothingOfIt() throws Exception {
        HttpResponse<String> answer = failing("/v1/chat/completions", call -> Render.error(call,
                new IllegalStateException("database password is hunter2")));

        assertEquals(500, answer.statusCode());
        assertTrue(answer.body().contains("\"code\":\"internal_error\""), answer.body());
        assertFalse(answer.body().contains("hunter2"));
    }

    @Test
    void anAnswerAlreadyUnderWayIsCutOffRatherThanAppendedTo() throws Exception {
        served = ServedCalls.serving(null, call -> {
            call.response().setChunked(true).write("data: partial\n\n");
            Render.error(call, new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "silent"));
        });

        assertThrows(java.io.IOException.class, () -> served.post("/v1/chat/completions", "{}"),
                "the caller sees a broken answer, not an error glued to its end");
    }

    @Test
    void aCallWhoseCallerHasGoneIsNotAnswered() throws Exception {
        HttpResponse<String> answer = failing("/v1/chat/completions", call -> {
            call.response().end("already answered");
            Render.error(call, new GatewayException(ErrorKind.INTERNAL, "late"));
        });

        assertEquals("already answered", answer.body());
        assertEquals(null, lastCall.get().error());
    }
}
