package io.modelgate.upstream.credential;

import io.vertx.core.Future;

/** Obtains one fresh token for a credential; caching, single flight and retries are the caller's. */
interface TokenSource {

    Future<AccessToken> fetch();

    /** Releases what the source holds (an OIDC client); called when its credential leaves the policy. */
    default void close() {
    }
}
