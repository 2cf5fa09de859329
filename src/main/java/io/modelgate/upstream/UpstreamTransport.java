package io.modelgate.upstream;

import io.vertx.core.Future;

/** Sends one call to one deployment. Completes when the response head has arrived. */
public interface UpstreamTransport {

    Future<UpstreamResponse> send(Deployment deployment, UpstreamCall call);
}
