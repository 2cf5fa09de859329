package io.modelgate.upstream.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.inspect.InspectedForm;
import io.vertx.core.buffer.Buffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static io.modelgate.upstream.mock.MockAnswer.JSON;

/** The mock's images, audio, moderations and rerank, each in its API's shape and deterministic from the request. */
final class MockMedia {

    /** A 1×1 transparent PNG: a real image the SDKs and browsers decode. */
    private static final String PIXEL_PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    private static final String[] CATEGORIES = {"harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
            "illicit/violent", "self-harm", "self-harm/instructions", "self-harm/intent", "sexual", "sexual/minors", "violence",
            "violence/graphic"};
    private static final int AUDIO_CHUNK = 4096;
    private static final int SAMPLE_RATE = 24_000;

    private MockMedia() {
    }

    static MockAnswer images(String model, int count, String prompt) {
        ObjectNode body = JSON.createObjectNode().put("created", MockChat.now());
        ArrayNode data = body.putArray("data");
        for (int i = 0; i < Math.max(1, Math.min(count, 10)); i++) {
            data.addObject().put("b64_json", PIXEL_PNG).put("revised_prompt", prompt);
        }
        body.putObject("usage").put("input_tokens", MockText.words(prompt)).put("output_tokens", 0)
                .put("total_tokens", MockText.words(prompt));
        return MockAnswer.json(200, body);
    }

    static MockAnswer imageEdit(String model, InspectedForm form) {
        return images(model, parse(form.fields().get("n"), 1), form.fields().getOrDefault("prompt", ""));
    }

    /** Speech: a WAV of silence as long as the text would take to say (or the same bytes labelled as the format asked). */
    static MockAnswer speech(JsonNode request) {
        String input = request.path("input").asText("");
        String format = request.path("response_format").asText("mp3").toLowerCase(Locale.ROOT);
        int samples = Math.max(1, MockText.words(input)) * SAMPLE_RATE / 4; // a quarter of a second per word
        ByteBuffer wav = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        String contentType = switch (format) {
            case "wav" -> "audio/wav";
            case "opus" -> "audio/opus";
            case "aac" -> "audio/aac";
            case "flac" -> "audio/flac";
            case "pcm" -> "audio/pcm";
            default -> "audio/mpeg";
        };
        return MockAnswer.bytes(contentType, wav.array(), AUDIO_CHUNK);
    }

    /** A transcription (or translation) that says what it heard: how many bytes of audio, and by which model. */
    static MockAnswer transcription(String model, InspectedForm form, boolean translation) {
        String text = "Mock " + (translation ? "translation" : "transcription") + " by " + model + " of " + form.fileBytes()
                + " bytes of audio.";
        String format = form.fields().getOrDefault("response_format", "json").trim();
        if (form.stream()) {
            List<Buffer> events = new ArrayList<>();
            for (String piece : MockText.pieces(text)) {
                events.add(MockAnswer.event(null, JSON.createObjectNode().put("type", "transcript.text.delta").put("delta", piece)));
            }
            events.add(MockAnswer.event(null, JSON.createObjectNode().put("type", "transcript.text.done").put("text", text)));
            return MockAnswer.events(events);
        }
        if ("text".equals(format) || "srt".equals(format) || "vtt".equals(format)) {
            return MockAnswer.text(text);
        }
        ObjectNode body = JSON.createObjectNode().put("text", text);
        if ("verbose_json".equals(format)) {
            body.put("task", translation ? "translate" : "transcribe").put("language", "english")
                    .put("duration", form.fileBytes() / (double) (SAMPLE_RATE * 2));
        }
        body.putObject("usage").put("type", "duration").put("seconds", Math.max(1, form.fileBytes() / (SAMPLE_RATE * 2)));
        return MockAnswer.json(200, body);
    }

    /** Flags an input that mentions violence, and nothing else. */
    static MockAnswer moderation(String id, String model, JsonNode request) {
        List<String> inputs = new ArrayList<>();
        JsonNode input = request.path("input");
        if (input.isArray()) {
            input.forEach(item -> inputs.add(item.isTextual() ? item.asText() : item.path("text").asText("")));
        } else {
            inputs.add(input.asText(""));
        }
        ObjectNode body = JSON.createObjectNode().put("id", "modr-mock-" + id).put("model", model);
        ArrayNode results = body.putArray("results");
        for (String text : inputs) {
            boolean violent = text.toLowerCase(Locale.ROOT).contains("violen");
            ObjectNode result = results.addObject().put("flagged", violent);
            ObjectNode categories = result.putObject("categories");
            ObjectNode scores = result.putObject("category_scores");
            ObjectNode appliedTo = result.putObject("category_applied_input_types");
            for (String category : CATEGORIES) {
                boolean flagged = violent && "violence".equals(category);
                categories.put(category, flagged);
                scores.put(category, flagged ? 0.97 : 0.0001);
                appliedTo.putArray(category).add("text");
            }
        }
        return MockAnswer.json(200, body);
    }

    /** Cohere's and Jina's rerank shape: documents scored by the words they share with the query, best first. */
    static MockAnswer rerank(String id, String model, JsonNode request) {
        String query = request.path("query").asText("").toLowerCase(Locale.ROOT);
        List<ObjectNode> results = new ArrayList<>();
        JsonNode documents = request.path("documents");
        for (int i = 0; i < documents.size(); i++) {
            JsonNode document = documents.get(i);
            String text = document.isTextual() ? document.asText() : document.path("text").asText("");
            long shared = java.util.Arrays.stream(text.toLowerCase(Locale.ROOT).split("\\W+"))
                    .filter(word -> !word.isEmpty() && query.contains(word)).count();
            ObjectNode result = JSON.createObjectNode().put("index", i)
                    .put("relevance_score", Math.round(1000.0 * shared / (shared + 1)) / 1000.0);
            if (request.path("return_documents").asBoolean(false)) {
                result.putObject("document").put("text", text);
            }
            results.add(result);
        }
        results.sort(Comparator.comparingDouble((ObjectNode r) -> -r.path("relevance_score").asDouble())
                .thenComparingInt(r -> r.path("index").asInt()));
        int topN = request.path("top_n").asInt(results.size());
        ObjectNode body = JSON.createObjectNode().put("id", "rerank-mock-" + id).put("model", model);
        ArrayNode list = body.putArray("results");
        results.stream().limit(Math.max(0, topN)).forEach(list::add);
        body.putObject("meta").putObject("billed_units").put("search_units", 1);
        return MockAnswer.json(200, body);
    }

    private static int parse(String value, int otherwise) {
        try {
            return value == null ? otherwise : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
