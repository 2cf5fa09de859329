package io.modelgate.inspect;

import io.modelgate.error.ErrorKind;
import io.modelgate.error.GatewayException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectedFormTest {

    private static final String TYPE = "multipart/form-data; boundary=XyZ";

    private static InspectedForm inspect(String body) {
        return InspectedForm.inspect(Buffer.buffer(body.getBytes(StandardCharsets.ISO_8859_1)), TYPE);
    }

    private static String refused(String body) {
        return assertThrows(GatewayException.class, () -> inspect(body)).getMessage();
    }

    @Test
    void readsTheModelWhereverItSitsAndSplicesOnlyItsValue() {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
                + "RIFF\r\n--XyZX not a delimiter\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"stream\"\r\n\r\ntrue\r\n--XyZ--\r\n";
        InspectedForm form = inspect(body);
        assertEquals("whisper", form.model());
        assertTrue(form.stream());
        assertEquals("RIFF\r\n--XyZX not a delimiter".length(), form.fileBytes());
        assertEquals(body.replace("\r\n\r\nwhisper\r\n", "\r\n\r\nwhisper-1\r\n"), form.withModel("whisper-1").toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void takesBareLineFeedsAsUpstreamParsersDo() {
        // a part ended by a bare LF hides a second model from a CRLF-only reader; it must be seen and refused
        String smuggled = "--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nallowed\n--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"model\"\r\n\r\nforbidden\r\n--XyZ--\r\n";
        assertEquals("The form field \"model\" appears more than once.", refused(smuggled));
        assertEquals("lf-only", inspect("--XyZ\nContent-Disposition: form-data; name=model\n\nlf-only\n--XyZ--\n").model());
    }

    @Test
    void refusesWhatIsNotAFormItCanRead() {
        assertEquals(ErrorKind.UNSUPPORTED_MEDIA_TYPE, assertThrows(GatewayException.class,
                () -> InspectedForm.inspect(Buffer.buffer("{}"), "application/json")).kind());
        assertEquals("The multipart/form-data content type names no valid boundary.", assertThrows(GatewayException.class,
                () -> InspectedForm.inspect(Buffer.buffer("x"), "multipart/form-data")).getMessage());
        assertEquals("The multipart body has no part delimited by its boundary.", refused("no parts at all"));
        assertEquals("The multipart body is malformed: its last part is not closed by the boundary.",
                refused("--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper"));
        assertEquals("The multipart body is malformed: a part has no Content-Disposition name.",
                refused("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--"));
        assertTrue(refused("--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--XyZ--").startsWith("The form names no model"));
    }
}
