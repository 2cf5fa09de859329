package io.modelgate.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * What a Modelgate process needs around it in tests that start replicas themselves: the test identity
 * provider and the recording upstream (whose bootstrap policy it loads), and helpers to call it.
 */
public final class ReplicaEnvironment implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final TestIdentityProvider idp = new TestIdentityProvider();
    private final TestUpstream upstream = new TestUpstream();
    private final Map<String, String> config = new HashMap<>();
    /** A database of the environment's own, created on first use of {@link #config()} and dropped on close. */
    private String database;

    public ReplicaEnvironment() {
        config.putAll(idp.start());
        config.putAll(upstream.start());
    }

    /** The configuration of a replica using the database at {@code jdbcUrl}. */
    public Map<String, String> configFor(String jdbcUrl) {
        Map<String, String> replica = new HashMap<>(config);
        replica.put("quarkus.datasource.jdbc.url", jdbcUrl);
        replica.put("quarkus.datasource.username", PostgresDatabase.USER);
        replica.put("quarkus.datasource.password", "");
        return replica;
    }

    /** The configuration of a replica using this environment's own database (replicas given it share it). */
    public Map<String, String> config() {
        if (database == null) {
            database = PostgresDatabase.createDatabase();
        }
        return configFor(PostgresDatabase.jdbcUrl(database));
    }

    public String token(String subject, String... roles) {
        return idp.tokenWithRoles(subject, roles);
    }

    /** POSTs a one-message chat completion for {@code model}; returns the status. */
    public static int chat(String baseUrl, String token, String model) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build()).statusCode();
    }

    /** Creates a stored Responses API answer with {@code model}; returns the answer. */
    public static HttpResponse<String> createResponse(String baseUrl, String token, String model) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/responses"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"input\":\"hi\"}")).build());
    }

    /** Reads a stored Responses API answer back. */
    public static HttpResponse<String> retrieveResponse(String baseUrl, String token, String id) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/responses/" + id)).header("Authorization", "Bearer " + token).build());
    }

    /** POSTs one MCP message to {@code path} with the token, and the session when given; returns the answer. */
    public static HttpResponse<String> mcp(String baseUrl, String path, String token, String session, String message) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(message));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return send(request.build());
    }

    /** The recording upstream the replicas' policy points at. */
    public TestUpstream upstream() {
        return upstream;
    }

    /** PUTs a JSON body to an admin API path with a proxy_admin token. */
    public HttpResponse<String> adminPut(String baseUrl, String path, String json) throws Exception {
        return adminPut(baseUrl, path, json, null);
    }

    /** PUTs a JSON body to an admin API path with a proxy_admin token, as a change of the version {@code ifMatch} names. */
    public HttpResponse<String> adminPut(String baseUrl, String path, String json, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/api" + path))
                .header("Authorization", "Bearer " + token("ops-admin", "proxy_admin")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return send(request.build());
    }

    /** POSTs a JSON body to an admin API path with a proxy_admin token. */
    public HttpResponse<String> adminPost(String baseUrl, String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/api" + path))
                .header("Authorization", "Bearer " + token("ops-admin", "proxy_admin")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** GETs an admin API path with a proxy_admin token. */
    public HttpResponse<String> adminGet(String baseUrl, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/api" + path))
                .header("Authorization", "Bearer " + token("ops-admin", "proxy_admin")).build());
    }

    public static HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        upstream.stop();
        idp.stop();
        if (database != null) {
            PostgresDatabase.dropDatabase(database);
        }
    }
}
