package io.modelgate.translate;

import io.modelgate.json.JsonFields;

/**
 * The tokens a chat completions answer says it used ({@code usage}): prompt (cached ones included, as chat counts
 * them), of which cached, completion, of which reasoning. Read from the answer's bytes where they lie, so a stream's
 * usage chunk builds no tree; a count that is absent, null or no integer reads as 0.
 */
record ChatUsage(long prompt, long cached, long completion, long reasoning) {

    /** What an answer that reported no usage counts as. */
    static final ChatUsage NONE = new ChatUsage(0, 0, 0, 0);

    private static final String[] USAGE = {"prompt_tokens", "completion_tokens", "prompt_tokens_details", "completion_tokens_details"};
    private static final String[] CACHED = {"cached_tokens"};
    private static final String[] REASONING = {"reasoning_tokens"};

    /** The usage whose members {@code usage} located by their names (in {@link #USAGE}'s order). */
    static ChatUsage of(JsonFields usage) {
        return new ChatUsage(usage.number(0, 0), usage.in(2, CACHED).number(0, 0), usage.number(1, 0),
                usage.in(3, REASONING).number(0, 0));
    }

    /** The usage object that is member {@code i} of {@code answer}; null when there is none. */
    static ChatUsage in(JsonFields answer, int i) {
        return answer.is(i, '{') ? of(answer.in(i, USAGE)) : null;
    }
}
