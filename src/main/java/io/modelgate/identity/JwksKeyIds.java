package io.modelgate.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which of several JWKS URLs publishes a given {@code kid}. Only the key ids are kept (verification
 * stays with Quarkus OIDC); the sets are fetched again, at most once per refresh interval, when a
 * token names a kid none of them has, so a rotated key is found at once.
 */
final class JwksKeyIds {

    private static final Logger LOG = Logger.getLogger(JwksKeyIds.class);

    private final List<String> urls;
    private final HttpClient client;
    private final long refreshIntervalMs;
    private final AtomicReference<Map<String, Integer>> urlIndexByKid = new AtomicReference<>(Map.of());
    private volatile long lastFetchMs = Long.MIN_VALUE / 2;
    private volatile Future<Void> inFlight;

    JwksKeyIds(Vertx vertx, List<String> urls, Duration refreshInterval) {
        this.urls = List.copyOf(urls);
        this.client = vertx.createHttpClient();
        this.refreshIntervalMs = refreshInterval.toMillis();
    }

    /** The index of the URL that publishes {@code kid}, fetching again if it is unknown and the interval allows. */
    Future<Optional<Integer>> urlIndexOf(String kid) {
        Integer known = urlIndexByKid.get().get(kid);
        if (known != null) {
            return Future.succeededFuture(Optional.of(known));
        }
        return refresh().map(v -> Optional.ofNullable(urlIndexByKid.get().get(kid)));
    }

    private synchronized Future<Void> refresh() {
        long now = System.currentTimeMillis();
        if (inFlight != null && !inFlight.isComplete()) {
            return inFlight; // single flight: concurrent unknown kids share one fetch
        }
        if (now - lastFetchMs < refreshIntervalMs) {
            return Future.succeededFuture();
        }
        lastFetchMs = now;
        List<Future<JsonArray>> fetches = new ArrayList<>();
        for (String url : urls) {
            fetches.add(fetchKeys(url));
        }
        inFlight = Future.join(fetches).otherwiseEmpty().map(v -> {
            Map<String, Integer> index = new HashMap<>();
            for (int i = fetches.size() - 1; i >= 0; i--) {
                JsonArray keys = fetches.get(i).result();
                if (keys != null) {
                    for (Object key : keys) {
                        if (key instanceof JsonObject jwk && jwk.getString("kid") != null) {
                            index.put(jwk.getString("kid"), i); // earlier URLs win a clash
                        }
                    }
                }
            }
            urlIndexByKid.set(Map.copyOf(index));
            return null;
        });
        return inFlight;
    }

    private Future<JsonArray> fetchKeys(String url) {
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setTimeout(10_000))
                .compose(request -> request.send())
                .compose(HttpClientResponse::body)
                .map(Buffer::toJsonObject)
                .map(json -> json.getJsonArray("keys", new JsonArray()))
                .onFailure(e -> LOG.warnf("JWKS %s could not be fetched: %s", url, e.getMessage()));
    }
}
