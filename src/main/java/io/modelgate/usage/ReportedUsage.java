package io.modelgate.usage;

import io.modelgate.json.JsonObjectScan;
import io.modelgate.policy.ApiFamily;

/**
 * The usage fields an answer has reported so far, as each family names them: OpenAI's {@code prompt_tokens} /
 * {@code completion_tokens} (chat, completions, embeddings) or {@code input_tokens} / {@code output_tokens}
 * (Responses, images, audio) with their {@code *_details}, Anthropic's {@code input_tokens}, {@code output_tokens} and
 * {@code cache_read_input_tokens} / {@code cache_creation_input_tokens}. A later usage object overrides the fields
 * it carries (Anthropic's {@code message_delta} carries the running output count), so one rule serves every stream.
 */
final class ReportedUsage {

    private static final long ABSENT = -1;

    private long input = ABSENT;
    private long output = ABSENT;
    private long cacheRead = ABSENT;
    private long cacheWrite = ABSENT;
    private long reasoning = ABSENT;

    /** Reads the usage object in {@code json[from, to)}; an object that is not valid JSON changes nothing. */
    void read(byte[] json, int from, int to) {
        try {
            JsonObjectScan.scan(json, from, to, (keyStart, keyEnd, escaped, valueStart, valueEnd) -> {
                if (key(json, keyStart, keyEnd, escaped, "input_tokens", "prompt_tokens")) {
                    input = number(json, valueStart, valueEnd, input);
                } else if (key(json, keyStart, keyEnd, escaped, "output_tokens", "completion_tokens")) {
                    output = number(json, valueStart, valueEnd, output);
                } else if (key(json, keyStart, keyEnd, escaped, "cache_read_input_tokens", null)) {
                    cacheRead = number(json, valueStart, valueEnd, cacheRead);
                } else if (key(json, keyStart, keyEnd, escaped, "cache_creation_input_tokens", null)) {
                    cacheWrite = number(json, valueStart, valueEnd, cacheWrite);
                } else if (key(json, keyStart, keyEnd, escaped, "input_tokens_details", "prompt_tokens_details")) {
                    cacheRead = detail(json, valueStart, valueEnd, "cached_tokens", cacheRead);
                } else if (key(json, keyStart, keyEnd, escaped, "output_tokens_details", "completion_tokens_details")) {
                    reasoning = detail(json, valueStart, valueEnd, "reasoning_tokens", reasoning);
                }
                return true;
            });
        } catch (JsonObjectScan.Malformed | JsonObjectScan.NotAnObject e) {
            // not a usage object after all: nothing learnt
        }
    }

    /** Counts read elsewhere, in OpenAI's sense (input includes cached, output reasoning): each one given (not -1) overrides. */
    void counts(long input, long cached, long output, long reasoning) {
        this.input = input < 0 ? this.input : input;
        this.cacheRead = cached < 0 ? this.cacheRead : cached;
        this.output = output < 0 ? this.output : output;
        this.reasoning = reasoning < 0 ? this.reasoning : reasoning;
    }

    /** What was reported, normalised to OpenAI's sense; null when no token count was reported at all. */
    TokenUsage usage(ApiFamily family) {
        if (input == ABSENT && output == ABSENT) {
            return null;
        }
        long cached = orZero(cacheRead);
        long written = orZero(cacheWrite);
        // Anthropic counts cache reads and writes apart from input_tokens; OpenAI's input includes its cached tokens
        long allInput = family == ApiFamily.ANTHROPIC ? orZero(input) + cached + written : orZero(input);
        return new TokenUsage(allInput, cached, written, orZero(output), orZero(reasoning));
    }

    private static long orZero(long value) {
        return value == ABSENT ? 0 : value;
    }

    private static boolean key(byte[] json, int keyStart, int keyEnd, boolean escaped, String name, String alias) {
        return JsonObjectScan.keyIs(json, keyStart, keyEnd, escaped, name)
                || alias != null && JsonObjectScan.keyIs(json, keyStart, keyEnd, escaped, alias);
    }

    private static long detail(byte[] json, int from, int to, String name, long otherwise) {
        if (json[from] != '{') {
            return otherwise;
        }
        long[] found = {otherwise};
        try {
            JsonObjectScan.scan(json, from, to, (keyStart, keyEnd, escaped, valueStart, valueEnd) -> {
                if (JsonObjectScan.keyIs(json, keyStart, keyEnd, escaped, name)) {
                    found[0] = number(json, valueStart, valueEnd, found[0]);
                }
                return true;
            });
        } catch (JsonObjectScan.Malformed | JsonObjectScan.NotAnObject e) {
            return otherwise;
        }
        return found[0];
    }

    /** A non-negative count; anything else (null, a string, a negative or fractional number) leaves it as it was. */
    private static long number(byte[] json, int from, int to, long otherwise) {
        if (to - from > 18) {
            return otherwise;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            byte b = json[i];
            if (b < '0' || b > '9') {
                return otherwise;
            }
            value = value * 10 + (b - '0');
        }
        return to > from ? value : otherwise;
    }
}
