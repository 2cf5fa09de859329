package io.modelgate.access;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of a role permission: an exact model name ({@code anthropic-claude}), a wildcard
 * ({@code openai/*}, {@code gpt-4*}, {@code *}) or a tag rule ({@code tag:fast}).
 */
public sealed interface ModelPattern {

    String TAG_PREFIX = "tag:";

    /** The pattern as an operator wrote it. */
    String text();

    /** Whether a model with this name and these tags is matched. */
    boolean matches(String modelName, Set<String> modelTags);

    static ModelPattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a model pattern must not be empty");
        }
        String trimmed = text.trim();
        if (trimmed.startsWith(TAG_PREFIX)) {
            String tag = trimmed.substring(TAG_PREFIX.length()).trim();
            if (tag.isEmpty()) {
                throw new IllegalArgumentException("tag pattern '" + trimmed + "' names no tag");
            }
            return new Tag(trimmed, tag);
        }
        if (trimmed.indexOf('*') >= 0) {
            return new Wildcard(trimmed, globToRegex(trimmed));
        }
        return new Exact(trimmed);
    }

    /** A wildcard ({@code *}: any characters) as a regular expression; every other character stands for itself. */
    static Pattern globToRegex(String glob) {
        String[] literals = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!literals[i].isEmpty()) {
                regex.append(Pattern.quote(literals[i]));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    record Exact(String text) implements ModelPattern {
        @Override
        public boolean matches(String modelName, Set<String> modelTags) {
            return text.equals(modelName);
        }
    }

    record Wildcard(String text, Pattern regex) implements ModelPattern {
        @Override
        public boolean matches(String modelName, Set<String> modelTags) {
            return regex.matcher(modelName).matches();
        }
    }

    record Tag(String text, String tag) implements ModelPattern {
        @Override
        public boolean matches(String modelName, Set<String> modelTags) {
            return modelTags.contains(tag);
        }
    }
}
