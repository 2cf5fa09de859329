package io.modelgate.mcp;

/**
 * Resource URIs on {@code /mcp}: {@code mcp://<server>/<the server's own URI>}, so two servers' resources never clash
 * and a read, or a completion of a template, finds its server. A server name is a valid URI host (letters, digits,
 * {@code _} and {@code -}), and the server's URI follows as it is; templates ({@code uriTemplate}) are named the same
 * way, so a client that expands one gets a URI this endpoint can route.
 */
final class ResourceNames {

    static final String PREFIX = "mcp://";

    /** A resource as its server knows it. */
    record Named(String server, String uri) {
    }

    private ResourceNames() {
    }

    static String namespaced(String server, String uri) {
        return PREFIX + server + "/" + uri;
    }

    /** The server and its own URI; null when {@code uri} is not one of {@code /mcp}'s. */
    static Named parse(String uri) {
        if (uri == null || !uri.startsWith(PREFIX)) {
            return null;
        }
        int slash = uri.indexOf('/', PREFIX.length());
        if (slash <= PREFIX.length() || slash == uri.length() - 1) {
            return null;
        }
        return new Named(uri.substring(PREFIX.length(), slash), uri.substring(slash + 1));
    }
}
