package io.modelgate.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.policy.Api;

import java.util.Map;

/**
 * A translation between two APIs, both ways: the caller's request into the upstream's API, and the upstream's answer,
 * stream or document, back into the caller's. Which ones exist is said here; which one a call needs follows from
 * its model ({@link Api#translatesTo}).
 */
public enum Translation {
    /** Anthropic's Messages API on a chat completions server (Claude Code on vLLM, say). */
    MESSAGES_OVER_CHAT(Api.MESSAGES, Api.CHAT_COMPLETIONS) {
        @Override
        public Translated request(JsonNode body, ChatDialect dialect) {
            return MessagesToChat.request(body, dialect);
        }

        @Override
        public StreamTranslator stream(boolean usageAsked, ResponseFrame frame) {
            return new ChatStreamToMessages();
        }

        @Override
        public byte[] answer(byte[] body, ResponseFrame frame) {
            return ChatToMessages.answer(body);
        }
    },

    /** The Responses API on a chat completions server (Codex on vLLM, say): its conversations kept by the gateway. */
    RESPONSES_OVER_CHAT(Api.RESPONSES, Api.CHAT_COMPLETIONS) {
        @Override
        public Translated request(JsonNode body, ChatDialect dialect) {
            return ResponsesToChat.request(body, dialect);
        }

        @Override
        public StreamTranslator stream(boolean usageAsked, ResponseFrame frame) {
            return new ChatStreamToResponses(frame);
        }

        @Override
        public byte[] answer(byte[] body, ResponseFrame frame) {
            return ChatToResponses.answer(body, frame);
        }
    },

    /**
     * The Responses API on an Anthropic Messages server (Codex on Claude): through chat completions both ways
     * ({@link ThroughChat}), its conversations kept by the gateway.
     */
    RESPONSES_OVER_MESSAGES(Api.RESPONSES, Api.MESSAGES) {
        @Override
        public Translated request(JsonNode body, ChatDialect dialect) {
            // OpenAI's chat flavour in between: it has reasoning_effort and max_completion_tokens, which Messages maps
            return ThroughChat.request(ResponsesToChat.request(body, ChatDialect.OPENAI, true), ChatToMessagesRequest::request,
                    RESPONSES_NAMES);
        }

        @Override
        public StreamTranslator stream(boolean usageAsked, ResponseFrame frame) {
            return ThroughChat.stream(new MessagesStreamToChat(true), new ChatStreamToResponses(frame));
        }

        @Override
        public byte[] answer(byte[] body, ResponseFrame frame) {
            return ThroughChat.answer(body, MessagesToChatAnswer::answer, chat -> ChatToResponses.answer(chat, frame));
        }
    },

    /** Chat completions on an Anthropic Messages server (an OpenAI SDK on Claude). */
    CHAT_OVER_MESSAGES(Api.CHAT_COMPLETIONS, Api.MESSAGES) {
        @Override
        public Translated request(JsonNode body, ChatDialect dialect) {
            return ChatToMessagesRequest.request(body);
        }

        @Override
        public StreamTranslator stream(boolean usageAsked, ResponseFrame frame) {
            return new MessagesStreamToChat(usageAsked);
        }

        @Override
        public byte[] answer(byte[] body, ResponseFrame frame) {
            return MessagesToChatAnswer.answer(body);
        }
    };

    /** Chat fields the Responses API names otherwise, for what a translation through chat left out. */
    private static final Map<String, String> RESPONSES_NAMES = Map.of("reasoning_effort", "reasoning.effort",
            "max_completion_tokens", "max_output_tokens", "response_format", "text.format");

    private final Api caller;
    private final Api upstream;

    Translation(Api caller, Api upstream) {
        this.caller = caller;
        this.upstream = upstream;
    }

    public Api caller() {
        return caller;
    }

    public Api upstream() {
        return upstream;
    }

    /** The caller's request written in the upstream's API; {@link Untranslatable} when it cannot be. */
    public abstract Translated request(JsonNode body, ChatDialect dialect);

    /**
     * A translator for one streamed answer; {@code usageAsked}: whether the caller asked its API's stream for usage;
     * {@code frame}: what a Responses API answer takes from its request (the others ignore it).
     */
    public abstract StreamTranslator stream(boolean usageAsked, ResponseFrame frame);

    /** A whole answer written in the caller's API; null when it is not a JSON document (passed on as it came). */
    public abstract byte[] answer(byte[] body, ResponseFrame frame);


    /** The translation from {@code caller} to {@code upstream}. */
    public static Translation between(Api caller, Api upstream) {
        for (Translation translation : values()) {
            if (translation.caller == caller && translation.upstream == upstream) {
                return translation;
            }
        }
        throw new IllegalArgumentException("no translation from " + caller.path() + " to " + upstream.path());
    }
}
