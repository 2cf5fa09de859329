package io.modelgate.gateway;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.translations.TranslationCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import com.openai.models.moderations.ModerationCreateParams;
import com.openai.models.moderations.ModerationCreateResponse;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rest of OpenAI's API through the official OpenAI Java SDK: legacy completions, moderations, images, audio, and rerank. */
@QuarkusTest
class OpenAiEndpointsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    @TestHTTPResource("/v1")
    URL baseUrl;

    private static String aliceToken() {
        return TestIdentityProvider.current().tokenWithRoles("alice", "basic_user");
    }

    private OpenAIClient alice() {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl.toString()).apiKey(aliceToken()).maxRetries(0).build();
    }

    @Test
    void legacyCompletionsPlainAndStreamed() {
        CompletionCreateParams params = CompletionCreateParams.builder().model("mock-instruct").prompt("Once upon a time").build();
        assertEquals("Mock reply from instruct: Once upon a time", alice().completions().create(params).choices().get(0).text());
        try (StreamResponse<Completion> stream = alice().completions().createStreaming(params)) {
            assertEquals("Mock reply from instruct: Once upon a time",
                    stream.stream().map(chunk -> chunk.choices().get(0).text()).collect(Collectors.joining()));
        }
    }

    @Test
    void moderations() {
        ModerationCreateResponse response = alice().moderations().create(ModerationCreateParams.builder().model("mock-moderation")
                .inputOfStrings(java.util.List.of("a calm day", "graphic violence")).build());
        assertEquals("moderation-test", response.model());
        assertFalse(response.results().get(0).flagged());
        assertTrue(response.results().get(1).flagged());
        assertTrue(response.results().get(1).categories().violence());
    }

    @Test
    void imagesGeneratedAndEditedFromAMultipartForm() {
        ImagesResponse generated = alice().images().generate(ImageGenerateParams.builder().model("mock-image").prompt("a red fox").n(2).build());
        assertEquals(2, generated.data().orElseThrow().size());
        byte[] png = Base64.getDecoder().decode(generated.data().orElseThrow().get(0).b64Json().orElseThrow());
        assertArrayEquals(PNG_SIGNATURE, java.util.Arrays.copyOf(png, 4));

        ImagesResponse edited = alice().images().edit(ImageEditParams.builder().model("mock-image").prompt("add a hat")
                .image(png).build());
        assertEquals("add a hat", edited.data().orElseThrow().get(0).revisedPrompt().orElseThrow());
    }

    @Test
    void speechIsStreamedBytes() throws IOException {
        try (HttpResponse speech = alice().audio().speech().create(SpeechCreateParams.builder().model("mock-tts")
                .input("four words of speech").voice("alloy").responseFormat(SpeechCreateParams.ResponseFormat.WAV).build());
                InputStream body = speech.body()) {
            assertEquals("audio/wav", speech.headers().values("Content-Type").get(0));
            byte[] wav = body.readAllBytes();
            assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
            assertEquals(44 + 4 * 24_000 / 4 * 2, wav.length, "a quarter second of 16-bit 24 kHz silence per word");
        }
    }

    @Test
    void transcriptionsAndTranslationsCarryTheModelInTheForm() {
        byte[] audio = new byte[10_000];
        String text = alice().audio().transcriptions().create(TranscriptionCreateParams.builder().model("mock-whisper").file(audio).build())
                .asTranscription().text();
        assertEquals("Mock transcription by whisper-test of 10000 bytes of audio.", text, "the upstream saw its own model name and the whole file");
        assertEquals("Mock translation by whisper-test of 10000 bytes of audio.", alice().audio().translations()
                .create(TranslationCreateParams.builder().model("mock-whisper").file(audio).build()).asTranslation().text());
        // curl's way: the model after the file, response_format=text
        String plain = given().auth().oauth2(aliceToken()).multiPart("file", "a.wav", audio, "audio/wav")
                .multiPart("model", "mock-whisper").multiPart("response_format", "text")
                .when().post("/v1/audio/transcriptions").then().statusCode(200).extract().asString();
        assertEquals("Mock transcription by whisper-test of 10000 bytes of audio.", plain);
    }

    @Test
    void rerankInCohereShape() {
        given().auth().oauth2(aliceToken()).contentType(ContentType.JSON)
                .body("{\"model\":\"mock-rerank\",\"query\":\"red fox\",\"documents\":[\"a blue whale\",\"the red fox jumps\",\"a fox\"],\"top_n\":2}")
                .when().post("/v1/rerank").then().statusCode(200)
                .body("model", equalTo("rerank-test")).body("results.index", contains(1, 2));
    }

    @Test
    void aModelIsCalledOnlyOnTheApisItServes() {
        BadRequestException refused = assertThrows(BadRequestException.class, () -> alice().completions()
                .create(CompletionCreateParams.builder().model("mock-whisper").prompt("hi").build()));
        assertTrue(refused.getMessage().contains("is not served on /v1/completions. It is served on /v1/audio/transcriptions"),
                refused.getMessage());
    }
}
