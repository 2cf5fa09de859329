package io.modelgate.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelPatternTest {

    static Stream<Arguments> namePatterns() {
        return Stream.of(
                // exact
                arguments("anthropic-claude", "anthropic-claude", true),
                arguments("anthropic-claude", "anthropic-claude-2", false),
                arguments("anthropic-claude", "Anthropic-Claude", false),
                // provider-style prefix
                arguments("openai/*", "openai/gpt-4o", true),
                arguments("openai/*", "openai/", true),
                arguments("openai/*", "azure/gpt-4o", false),
                arguments("openai/*", "openai-gpt-4o", false),
                // everything
                arguments("*", "anything-at-all", true),
                arguments("*", "", true),
                // prefix and suffix
                arguments("gpt-4*", "gpt-4", true),
                arguments("gpt-4*", "gpt-4o-mini", true),
                arguments("gpt-4*", "gpt-3.5-turbo", false),
                arguments("gpt-4*", "my-gpt-4", false),
                arguments("*mini", "gpt-4o-mini", true),
                arguments("*mini", "gpt-4o-mini-2024", false),
                arguments("gpt-*-mini", "gpt-4o-mini", true),
                arguments("gpt-*-mini", "gpt-4o", false),
                // regex metacharacters are literal
                arguments("a.b", "axb", false),
                arguments("a.b", "a.b", true),
                arguments("a.b*", "axb-1", false),
                arguments("a.b*", "a.b-1", true),
                arguments("model(1)+[x]?*", "model(1)+[x]?-large", true),
                arguments("model(1)+[x]?*", "model1x-large", false),
                arguments("\\Qa*", "\\Qa-b", true),
                arguments("$^|*", "$^|{}", true),
                // surrounding white space is not part of the pattern
                arguments("  gpt-4o  ", "gpt-4o", true));
    }

    @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
    @MethodSource("namePatterns")
    void matchesByName(String pattern, String modelName, boolean expected) {
        assertEquals(expected, ModelPattern.parse(pattern).matches(modelName, Set.of()));
    }

    @Test
    void wildcardSpansLineBreaksAndSlashes() {
        assertEquals(true, ModelPattern.parse("team/*").matches("team/a/b\nc", Set.of()));
    }

    @Test
    void tagPatternMatchesByTagOnly() {
        ModelPattern fast = ModelPattern.parse("tag:fast");

        assertEquals(true, fast.matches("gpt-4o-mini", Set.of("cheap", "fast")));
        assertEquals(false, fast.matches("gpt-4o", Set.of("premium")));
        assertEquals(false, fast.matches("fast", Set.of()), "the model's name does not count");
        assertEquals(false, fast.matches("tag:fast", Set.of()), "not even a model literally named tag:fast");
        assertEquals(false, fast.matches("x", Set.of("Fast")), "tags are case-sensitive");
    }

    @Test
    void tagNameIsTrimmed() {
        assertEquals(true, ModelPattern.parse("tag: fast ").matches("m", Set.of("fast")));
    }

    @Test
    void exactAndWildcardPatternsIgnoreTags() {
        assertEquals(false, ModelPattern.parse("fast").matches("gpt-4o", Set.of("fast")));
        assertEquals(false, ModelPattern.parse("fast*").matches("gpt-4o", Set.of("fast")));
    }

    @Test
    void keepsTheTextAsWritten() {
        assertEquals("openai/*", ModelPattern.parse(" openai/* ").text());
        assertEquals("tag:fast", ModelPattern.parse("tag:fast").text());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "tag:", "tag:   "})
    void emptyPatternsAreRejected(String text) {
        assertThrows(IllegalArgumentException.class, () -> ModelPattern.parse(text));
    }
}
