package io.modelgate.mcp;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The spec's guard against DNS rebinding: a request that names a browser {@code Origin} must name an allowed one.
 * Clients outside a browser send none and are not affected. Pure.
 */
final class OriginCheck {

    private final List<Pattern> allowed;

    OriginCheck(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(String::trim).filter(o -> !o.isEmpty()).map(OriginCheck::pattern).toList();
    }

    boolean allows(String origin) {
        return origin == null || allowed.stream().anyMatch(p -> p.matcher(origin).matches());
    }

    private static Pattern pattern(String origin) {
        StringBuilder regex = new StringBuilder();
        String[] literals = origin.split("\\*", -1);
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append("[^/]*");
            }
            regex.append(Pattern.quote(literals[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}
