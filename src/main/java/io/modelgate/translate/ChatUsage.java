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

    private static final JsonFields.Names USAGE = JsonFields.Names.of("prompt_tokens", "completion_tokens", "prompt_tokens_details", "completion_tokens_details");
    private static final JsonFields.Names CACHED = JsonFields.Names.of("cached_tokens");
    private static final JsonFields.Names REASONING = JsonFields.Names.of("reasoning_tokens");

    /**
     * The usage object that is member {@code i} of {@code answer}, null when there is none; its counts also told to
     * {@code report} (when one is given) as they were found, -1 for one the object does not give: the gateway's meter
     * takes them from here instead of reading the object again.
     */
    static ChatUsage in(JsonFields answer, int i, UpstreamReport report) {
        if (!answer.is(i, '{')) {
            return null;
        }
        JsonFields usage = answer.in(i, USAGE);
        long prompt = count(usage, 0);
        long cached = count(usage.in(2, CACHED), 0);
        long completion = count(usage, 1);
        long reasoning = count(usage.in(3, REASONING), 0);
        if (report != null) {
            report.usage(prompt, cached, completion, reasoning);
        }
        return new ChatUsage(Math.max(prompt, 0), Math.max(cached, 0), Math.max(completion, 0), Math.max(reasoning, 0));
    }

    /** Member {@code i}, a token count; -1 when it is absent or no count (null, negative, fractional). */
    private static long count(JsonFields fields, int i) {
        long value = fields.number(i, -1);
        return value < 0 ? -1 : value;
    }
}
