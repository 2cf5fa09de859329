package io.modelgate.inspect;

import io.modelgate.policy.Api;
import io.modelgate.policy.ApiFamily;
import io.vertx.core.http.HttpMethod;

/**
 * The operations Modelgate forwards. Each is reached at {@code /v1/<path>} (and, for OpenAI's, at {@code /<path>}
 * as OpenAI's SDKs also call it), belongs to one {@link Api}, and names its model in a JSON body, in a multipart
 * form, or, for a stored response, not at all: the response's id says where it lives.
 */
public enum Endpoint {
    CHAT_COMPLETIONS("chat/completions", "chat", Api.CHAT_COMPLETIONS, Body.JSON),
    EMBEDDINGS("embeddings", "embeddings", Api.EMBEDDINGS, Body.JSON),
    RESPONSES("responses", "responses", Api.RESPONSES, Body.JSON),
    RESPONSES_INPUT_TOKENS("responses/input_tokens", "responses.input_tokens", Api.RESPONSES, Body.JSON),
    /** Codex's remote compaction of a long conversation. */
    RESPONSES_COMPACT("responses/compact", "responses.compact", Api.RESPONSES, Body.JSON),
    COMPLETIONS("completions", "completions", Api.COMPLETIONS, Body.JSON),
    MODERATIONS("moderations", "moderations", Api.MODERATIONS, Body.JSON),
    IMAGES_GENERATIONS("images/generations", "images.generations", Api.IMAGES, Body.JSON),
    IMAGES_EDITS("images/edits", "images.edits", Api.IMAGES, Body.MULTIPART),
    IMAGES_VARIATIONS("images/variations", "images.variations", Api.IMAGES, Body.MULTIPART),
    AUDIO_TRANSCRIPTIONS("audio/transcriptions", "audio.transcriptions", Api.AUDIO_TRANSCRIPTIONS, Body.MULTIPART),
    AUDIO_TRANSLATIONS("audio/translations", "audio.translations", Api.AUDIO_TRANSCRIPTIONS, Body.MULTIPART),
    AUDIO_SPEECH("audio/speech", "audio.speech", Api.AUDIO_SPEECH, Body.JSON),
    RERANK("rerank", "rerank", Api.RERANK, Body.JSON),
    MESSAGES("messages", "messages", Api.MESSAGES, Body.JSON),
    MESSAGES_COUNT_TOKENS("messages/count_tokens", "messages.count_tokens", Api.MESSAGES, Body.JSON),
    /** {@code GET /v1/responses/{id}}, and the three below: a stored response, found by its id. */
    RESPONSE_RETRIEVE("responses/{id}", "responses.retrieve", Api.RESPONSES, Body.NONE, HttpMethod.GET),
    RESPONSE_DELETE("responses/{id}", "responses.delete", Api.RESPONSES, Body.NONE, HttpMethod.DELETE),
    RESPONSE_CANCEL("responses/{id}/cancel", "responses.cancel", Api.RESPONSES, Body.NONE, HttpMethod.POST),
    RESPONSE_INPUT_ITEMS("responses/{id}/input_items", "responses.input_items", Api.RESPONSES, Body.NONE, HttpMethod.GET);

    /** Where an operation names its model. */
    public enum Body {
        /** a JSON object with {@code "model"} */
        JSON,
        /** a {@code multipart/form-data} form with a {@code model} field */
        MULTIPART,
        /** no model: the operation acts on a stored response */
        NONE
    }

    private final String path;
    private final String metricName;
    private final Api api;
    private final Body body;
    private final HttpMethod method;

    Endpoint(String path, String metricName, Api api, Body body) {
        this(path, metricName, api, body, HttpMethod.POST);
    }

    Endpoint(String path, String metricName, Api api, Body body, HttpMethod method) {
        this.path = path;
        this.metricName = metricName;
        this.api = api;
        this.body = body;
        this.method = method;
    }

    /** The path below {@code /v1}, with {@code {id}} standing for a stored response's id. */
    public String path() {
        return path;
    }

    /** The {@code endpoint} tag of the request metrics. */
    public String metricName() {
        return metricName;
    }

    public Api api() {
        return api;
    }

    public ApiFamily family() {
        return api.family();
    }

    public Body body() {
        return body;
    }

    public HttpMethod method() {
        return method;
    }

    /** Whether the path names a stored response rather than the body a model. */
    public boolean storedResponse() {
        return body == Body.NONE;
    }

    /**
     * Whether the caller's query string travels upstream: Anthropic's ({@code ?beta=true}) and the reads of a stored
     * response ({@code include}, {@code after}, {@code limit}) do; OpenAI's create operations take none, and an
     * Azure deployment's query is the gateway's own ({@code api-version}).
     */
    public boolean passesQuery() {
        return family() == ApiFamily.ANTHROPIC || storedResponse();
    }

    /** The path below {@code /v1} for one stored response. */
    public String path(String responseId) {
        return responseId == null ? path : path.replace("{id}", responseId);
    }
}
