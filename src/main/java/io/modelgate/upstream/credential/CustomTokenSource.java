package io.modelgate.upstream.credential;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Calls a {@link TokenCredential} bean on a worker thread (it may block). */
final class CustomTokenSource implements TokenSource {

    private final String credential;
    private final TokenCredential bean;
    private final String scope;
    private final Vertx vertx;

    CustomTokenSource(String credential, TokenCredential bean, String scope, Vertx vertx) {
        this.credential = credential;
        this.bean = bean;
        this.scope = scope;
        this.vertx = vertx;
    }

    @Override
    public Future<AccessToken> fetch() {
        return vertx.<AccessToken>executeBlocking(() -> bean.getToken(scope), false)
                .recover(failure -> Future.failedFuture(failure instanceof TokenFetchException e ? e
                        : new TokenFetchException(credential, false, "the custom credential failed ("
                                + failure.getClass().getSimpleName() + ")")));
    }
}
