package io.modelgate.policy;


import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An API a model can be served on, as callers know it (its path). Which APIs a model is served on follows from
 * the APIs its deployments speak natively and the translations between APIs ({@link #translatesTo}), narrowed by its
 * {@link ModelMode}: a call goes upstream on one API for every deployment, so fail-over never lands on an upstream
 * that cannot answer it.
 */
public enum Api {
    CHAT_COMPLETIONS("/v1/chat/completions", ApiFamily.OPENAI),
    RESPONSES("/v1/responses", ApiFamily.OPENAI),
    COMPLETIONS("/v1/completions", ApiFamily.OPENAI),
    EMBEDDINGS("/v1/embeddings", ApiFamily.OPENAI),
    IMAGES("/v1/images", ApiFamily.OPENAI),
    AUDIO_TRANSCRIPTIONS("/v1/audio/transcriptions", ApiFamily.OPENAI),
    AUDIO_SPEECH("/v1/audio/speech", ApiFamily.OPENAI),
    MODERATIONS("/v1/moderations", ApiFamily.OPENAI),
    RERANK("/v1/rerank", ApiFamily.OPENAI),
    MESSAGES("/v1/messages", ApiFamily.ANTHROPIC);

    private final String path;
    private final ApiFamily family;

    Api(String path, ApiFamily family) {
        this.path = path;
        this.family = family;
    }

    /** How callers know it, e.g. {@code /v1/responses}. */
    public String path() {
        return path;
    }

    public ApiFamily family() {
        return family;
    }

    /** The APIs a model of this mode is offered on; every API for a model that declares none. */
    public static Set<Api> offeredFor(ModelMode mode) {
        if (mode == null) {
            return EnumSet.allOf(Api.class);
        }
        return switch (mode) {
            // a chat model answers each family's conversation API: chat and responses on OpenAI's, messages on Anthropic's
            case CHAT -> EnumSet.of(CHAT_COMPLETIONS, RESPONSES, MESSAGES);
            case RESPONSES -> EnumSet.of(RESPONSES);
            case COMPLETION -> EnumSet.of(COMPLETIONS);
            case EMBEDDING -> EnumSet.of(EMBEDDINGS);
            case IMAGE_GENERATION -> EnumSet.of(IMAGES);
            case AUDIO_TRANSCRIPTION -> EnumSet.of(AUDIO_TRANSCRIPTIONS);
            case AUDIO_SPEECH -> EnumSet.of(AUDIO_SPEECH);
            case MODERATION -> EnumSet.of(MODERATIONS);
            case RERANK -> EnumSet.of(RERANK);
        };
    }

    /** The API served at {@code path} ({@code /v1/chat/completions}), if any. */
    public static Optional<Api> ofPath(String path) {
        for (Api api : values()) {
            if (api.path.equals(path)) {
                return Optional.of(api);
            }
        }
        return Optional.empty();
    }

    /**
     * The APIs a call on this one can be translated to (each pair is an {@code io.modelgate.translate.Translation}),
     * best first: Messages and Responses to chat completions, which every OpenAI-compatible server speaks, and chat
     * completions and Responses to Messages, which Anthropic's does.
     */
    public List<Api> translatesTo() {
        return switch (this) {
            case MESSAGES -> List.of(CHAT_COMPLETIONS);
            case RESPONSES -> List.of(CHAT_COMPLETIONS, MESSAGES);
            case CHAT_COMPLETIONS -> List.of(MESSAGES);
            default -> List.of();
        };
    }

    /**
     * How a model is served: for each API its mode offers, the API its upstreams are called on — that one when every
     * deployment speaks it natively ({@code spoken}: one set per deployment), else the first it translates to that
     * every deployment speaks. An API with neither is not served.
     */
    public static Map<Api, Api> routes(Collection<Set<Api>> spoken, ModelMode mode) {
        Map<Api, Api> routes = new EnumMap<>(Api.class);
        for (Api api : offeredFor(mode)) {
            if (spokenByAll(spoken, api)) {
                routes.put(api, api);
            } else {
                api.translatesTo().stream().filter(target -> spokenByAll(spoken, target)).findFirst()
                        .ifPresent(target -> routes.put(api, target));
            }
        }
        return Collections.unmodifiableMap(routes);
    }

    /** What a model is served on, natively or translated: the keys of {@link #routes}. */
    public static Set<Api> servedBy(Collection<Set<Api>> spoken, ModelMode mode) {
        return routes(spoken, mode).keySet();
    }

    private static boolean spokenByAll(Collection<Set<Api>> spoken, Api api) {
        return spoken.stream().allMatch(apis -> apis.contains(api));
    }

    /** {@code /v1/chat/completions and /v1/responses}, for messages that say where a model can be used. */
    public static String describe(Set<Api> apis) {
        String paths = apis.stream().sorted().map(Api::path).collect(Collectors.joining(", "));
        return paths.isEmpty() ? "no API" : paths;
    }
}
