package io.modelgate.usage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Why an answer ended, as its upstream said it — chat completions' {@code finish_reason} ({@code stop}, {@code length},
 * {@code tool_calls}), Anthropic's {@code stop_reason} ({@code end_turn}, {@code tool_use}, {@code max_tokens}) — for
 * the call's span ({@code gen_ai.response.finish_reasons}). Found by the bytes of the key, so a stream's chunks need no
 * parsing; each distinct reason once, in the order they came, at most {@link #MAX} (one per choice). Pure.
 */
final class FinishReasons {

    static final int MAX = 8;
    /** What both keys end with, so one pass over the answer finds either; the stems tell them apart. */
    private static final byte[] SUFFIX = "_reason\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] STEMS = {"\"finish".getBytes(StandardCharsets.US_ASCII), "\"stop".getBytes(StandardCharsets.US_ASCII)};

    private final List<String> reasons = new ArrayList<>(1);

    /** Reads the reasons named in {@code bytes[from, to)}, a JSON text or a piece of one. */
    void read(byte[] bytes, int from, int to) {
        for (int at = UsageReader.indexOf(bytes, from, to, SUFFIX); at >= 0 && reasons.size() < MAX;
                at = UsageReader.indexOf(bytes, at + SUFFIX.length, to, SUFFIX)) {
            if (!keyEndsAt(bytes, from, at)) {
                continue;
            }
            add(stringValue(bytes, at + SUFFIX.length, to));
        }
    }

    /** A reason found otherwise (by a translator reading the events): kept unless empty, known already, or one too many. */
    void add(String reason) {
        if (reason != null && !reason.isEmpty() && !reasons.contains(reason) && reasons.size() < MAX) {
            reasons.add(reason);
        }
    }

    /** Whether {@code _reason"} at {@code at} ends {@code "finish_reason"} or {@code "stop_reason"}. */
    private static boolean keyEndsAt(byte[] bytes, int from, int at) {
        for (byte[] stem : STEMS) {
            if (at - stem.length >= from && Arrays.equals(bytes, at - stem.length, at, stem, 0, stem.length)) {
                return true;
            }
        }
        return false;
    }

    /** The reasons found so far; empty when none was. */
    List<String> reasons() {
        return List.copyOf(reasons);
    }

    /** The string after {@code : } at {@code i}; null when the value is not a string (null, or the key was no key). */
    private static String stringValue(byte[] bytes, int i, int to) {
        i = skipSpace(bytes, i, to);
        if (i >= to || bytes[i] != ':') {
            return null;
        }
        i = skipSpace(bytes, i + 1, to);
        if (i >= to || bytes[i] != '"') {
            return null;
        }
        int end = i + 1;
        while (end < to && bytes[end] != '"' && bytes[end] != '\\' && end - i <= 64) {
            end++;
        }
        return end < to && bytes[end] == '"' ? new String(bytes, i + 1, end - i - 1, StandardCharsets.UTF_8) : null;
    }

    private static int skipSpace(byte[] bytes, int i, int to) {
        return UsageReader.skipSpace(bytes, i, to);
    }
}
