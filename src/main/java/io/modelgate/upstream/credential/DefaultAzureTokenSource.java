package io.modelgate.upstream.credential;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An {@code azure_ad} credential that names no way to sign in, as Azure's DefaultAzureCredential does it: the
 * environment ({@code AZURE_CLIENT_ID} and {@code AZURE_TENANT_ID} with {@code AZURE_CLIENT_SECRET} or
 * {@code AZURE_FEDERATED_TOKEN_FILE}), then managed identity. The first way that yields a token is kept for the
 * credential's later tokens, and each token says which it was ({@link AccessToken#obtainedBy()}); when none
 * yields one, the failure says why each did not.
 */
final class DefaultAzureTokenSource implements TokenSource {

    /** One way to sign in: a name for people, and the source, or why it cannot be tried here. */
    record Way(String name, Supplier<TokenSource> source) {
    }

    private final String credential;
    private final List<Way> ways;
    /** The source of each way, opened when first tried. */
    private final TokenSource[] opened;
    private volatile int chosen = -1;

    DefaultAzureTokenSource(String credential, List<Way> ways) {
        this.credential = credential;
        this.ways = List.copyOf(ways);
        this.opened = new TokenSource[this.ways.size()];
    }

    @Override
    public Future<AccessToken> fetch() {
        int known = chosen;
        return known >= 0 ? attempt(known) : tryFrom(0, new ArrayList<>());
    }

    private Future<AccessToken> tryFrom(int index, List<TokenFetchException> failures) {
        if (index == ways.size()) {
            List<String> reasons = new ArrayList<>();
            for (int i = 0; i < ways.size(); i++) {
                reasons.add(ways.get(i).name() + ": " + reason(failures.get(i)));
            }
            // a way that cannot work here (nothing configured for it) fails the same on retry; one that could might not
            return Future.failedFuture(new TokenFetchException(credential, failures.stream().allMatch(TokenFetchException::permanent),
                    "no way of signing in to Entra ID yielded a token: " + String.join("; ", reasons)));
        }
        return attempt(index).onSuccess(token -> chosen = index).recover(failure -> {
            failures.add(failure instanceof TokenFetchException e ? e
                    : new TokenFetchException(credential, false, failure.getClass().getSimpleName()));
            return tryFrom(index + 1, failures);
        });
    }

    private Future<AccessToken> attempt(int index) {
        Way way = ways.get(index);
        try {
            TokenSource source = source(index);
            return source.fetch().map(token -> token.obtainedBy(way.name()));
        } catch (TokenFetchException e) {
            return Future.failedFuture(e);
        }
    }

    private synchronized TokenSource source(int index) {
        if (opened[index] == null) {
            opened[index] = ways.get(index).source().get();
        }
        return opened[index];
    }

    /** The reason without the credential's name, which the combined message already carries. */
    private String reason(TokenFetchException e) {
        String prefix = "credential '" + credential + "': ";
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }

    @Override
    public synchronized void close() {
        for (TokenSource source : opened) {
            if (source != null) {
                source.close();
            }
        }
    }
}
