package io.modelgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak server on 127.0.0.1 for end-to-end tests: the distribution that the Maven build
 * unpacks to {@code target/keycloak-<version>} (maven-dependency-plugin, see pom.xml), run with
 * {@code kc.sh start-dev} (H2 file database under that folder, plain HTTP, a free port) and holding the
 * realm {@value #REALM} from {@code src/test/resources/keycloak/modelgate-realm.json}.
 *
 * <p>One server per JVM: the first {@link #start()} or {@link #ensureRunning()} starts it, later ones
 * (other test classes, other test profiles, even from another class loader) reuse it, and it is stopped
 * when the JVM exits. {@link #stop()} therefore does nothing. A test that changes the realm
 * (e.g. {@link #setAccessTokenLifespan}) should put it back, or call {@link #resetRealm()}.
 *
 * <p>The realm is (re-)imported through the admin REST API on every server start, replacing whatever
 * the persistent database held, so every test JVM starts from the file's content while the database
 * itself (schema, master realm) is kept between runs: that saves seconds per start. Should a start on
 * the kept database fail, the database is wiped and the start tried once more.
 *
 * <p>The realm file lists its client scopes explicitly. A realm file that has {@code clientScopes} gets
 * only those: Keycloak's built-in ones (basic, profile, email, roles, ...) are then not created, so the
 * claims the tests rely on are all declared there. Imported users get exactly the realm roles listed
 * (no default-roles composite), which is why {@code nobody}'s tokens have no {@code roles} claim at all.
 * A token with one audience carries {@code aud} as a string, not an array.
 *
 * <p>Configuration (system properties): {@value #HOME_PROPERTY} (the unpacked distribution; surefire and
 * failsafe set it, an IDE run falls back to {@code target/keycloak-*}); {@value #JAVA_HOME_PROPERTY} or
 * the environment variable {@code KEYCLOAK_JAVA_HOME} (the JDK that runs Keycloak; by default the newest
 * JDK under /usr/lib/jvm, else the one running the tests); {@value #TIMEOUT_PROPERTY} (bound for
 * one start attempt, default 240). Keycloak's output goes to {@code <home>/modelgate-test.log}.
 */
public class KeycloakServer implements QuarkusTestResourceLifecycleManager {

    public static final String REALM = "modelgate";
    /** The realm's users and client secrets, as in modelgate-realm.json. */
    public static final String CLI_CLIENT = "modelgate-cli";
    public static final String UI_CLIENT = "modelgate-ui";
    public static final String UI_CLIENT_SECRET = "modelgate-ui-secret";
    public static final String SDK_CLIENT = "sdk-caller";
    public static final String SDK_CLIENT_SECRET = "sdk-caller-secret";
    public static final String UPSTREAM_CLIENT = "gateway-upstream";
    public static final String UPSTREAM_CLIENT_SECRET = "gateway-upstream-secret";
    public static final String UPSTREAM_SCOPE = "llm.invoke";
    /** access.token.lifespan of {@value #UPSTREAM_CLIENT} in the realm file, in seconds. */
    public static final int UPSTREAM_TOKEN_LIFESPAN = 70;
    /** Administrator of the master realm, created by Keycloak at its first start (bootstrap admin). */
    public static final String ADMIN_USERNAME = "kc-admin";
    public static final String ADMIN_PASSWORD = "kc-admin-pw";

    /** The Quarkus configuration property {@link #start()} returns. */
    public static final String URL_CONFIG = "modelgate.test.keycloak.url";

    public static final String HOME_PROPERTY = "modelgate.test.keycloak.home";
    public static final String JAVA_HOME_PROPERTY = "modelgate.test.keycloak.java-home";
    public static final String TIMEOUT_PROPERTY = "modelgate.test.keycloak.start-timeout-seconds";

    private static final String REALM_RESOURCE = "keycloak/modelgate-realm.json";
    private static final String REALM_FILE = "src/test/resources/" + REALM_RESOURCE;

    // The running server is recorded in system properties, not static fields: Quarkus may load this class
    // again, in a class loader of its own, for another application (test profile), and every copy must find
    // the one server this JVM runs.
    private static final String RUNNING_URL = KeycloakServer.class.getName() + ".url";
    private static final String RUNNING_PID = KeycloakServer.class.getName() + ".pid";

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 60;

    /**
     * Runs the Keycloak command line given as arguments until this shell's standard input, a pipe from the
     * test JVM, reaches end of file: when the JVM stops Keycloak on purpose, and also when it dies, even by
     * SIGKILL, so that no Keycloak outlives its test run (and keeps holding the H2 database lock).
     * The background list gets the pipe as fd 3 because a background job's stdin is /dev/null.
     */
    private static final String WATCHDOG = String.join("\n",
            "exec 3<&0",
            "\"$@\" </dev/null 3<&- &",
            "keycloak=$!",
            "( cat <&3 >/dev/null; kill -TERM \"$keycloak\" 2>/dev/null ) &",
            "watcher=$!",
            "exec 3<&-",
            "wait \"$keycloak\"",
            "status=$?",
            "kill \"$watcher\" 2>/dev/null",
            "exit \"$status\"");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    // --- QuarkusTestResourceLifecycleManager -------------------------------------------------------------

    @Override
    public Map<String, String> start() {
        return Map.of(URL_CONFIG, ensureRunning());
    }

    /** Nothing: the server is shared by every test of this JVM and stopped when the JVM exits. */
    @Override
    public void stop() {
    }

    // --- Standalone use ----------------------------------------------------------------------------------

    /** Starts the server unless this JVM already runs it; returns its base URL. */
    public static synchronized String ensureRunning() {
        String url = System.getProperty(RUNNING_URL);
        if (url != null && isAlive(System.getProperty(RUNNING_PID))) {
            return url;
        }
        long started = System.nanoTime();
        Server server = Server.start();
        System.out.printf("Keycloak %s ready at %s in %.1f s (JDK %s, log %s)%n", server.home.getFileName(),
                server.baseUrl, (System.nanoTime() - started) / 1e9, server.javaHome, server.log);
        System.setProperty(RUNNING_PID, Long.toString(server.process.pid()));
        System.setProperty(RUNNING_URL, server.baseUrl);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-server-stop"));
        return server.baseUrl;
    }

    /** http://127.0.0.1:port */
    public static String baseUrl() {
        String url = System.getProperty(RUNNING_URL);
        if (url == null) {
            throw new IllegalStateException("Keycloak is not running: call KeycloakServer.ensureRunning() "
                    + "or use it as a Quarkus test resource");
        }
        return url;
    }

    /** The issuer of the realm's tokens: http://127.0.0.1:port/realms/modelgate */
    public static String realmUrl() {
        return baseUrl() + "/realms/" + REALM;
    }

    public static String tokenUrl() {
        return realmUrl() + "/protocol/openid-connect/token";
    }

    public static String jwksUrl() {
        return realmUrl() + "/protocol/openid-connect/certs";
    }

    public static String discoveryUrl() {
        return realmUrl() + "/.well-known/openid-configuration";
    }

    /** Resource-owner password grant; returns the access token. {@code clientSecret} is null for a public client. */
    public static String passwordGrant(String clientId, String clientSecret, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        if (clientSecret != null) {
            form.put("client_secret", clientSecret);
        }
        form.put("username", username);
        form.put("password", password);
        return accessToken(tokenUrl(), form);
    }

    /** Client-credentials grant; returns the access token. {@code scope} may be null. */
    public static String clientCredentials(String clientId, String clientSecret, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        if (scope != null) {
            form.put("scope", scope);
        }
        return accessToken(tokenUrl(), form);
    }

    /** The payload of a JWT, unverified: for asserting on claims. */
    public static JsonNode jwtPayload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWS compact serialization: " + parts.length + " parts");
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- Administration (master realm admin, REST API) ---------------------------------------------------

    /** A fresh access token of the master realm's administrator (it lives 60 s). */
    public static String adminToken() {
        return adminToken(baseUrl());
    }

    /**
     * Calls the admin REST API, e.g. {@code admin("GET", "/admin/realms/modelgate/users", null)};
     * returns the response body (empty for 201/204) and fails on any status from 300 up.
     */
    public static String admin(String method, String path, String jsonBody) {
        return admin(baseUrl(), method, path, jsonBody);
    }

    /** The internal id of a client of the realm. */
    public static String clientUuid(String clientId) {
        JsonNode clients = readJson(admin("GET", "/admin/realms/" + REALM + "/clients?clientId="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8), null));
        if (clients.size() != 1) {
            throw new IllegalArgumentException("no client " + clientId + " in realm " + REALM);
        }
        return clients.get(0).get("id").asText();
    }

    /** Sets the client's access-token lifespan (attribute access.token.lifespan); new tokens get it at once. */
    public static void setAccessTokenLifespan(String clientId, int seconds) {
        String path = "/admin/realms/" + REALM + "/clients/" + clientUuid(clientId);
        ObjectNode client = (ObjectNode) readJson(admin("GET", path, null));
        JsonNode attributes = client.get("attributes");
        ObjectNode writable = attributes instanceof ObjectNode object ? object : client.putObject("attributes");
        writable.put("access.token.lifespan", Integer.toString(seconds));
        admin("PUT", path, client.toString());
    }

    /** Deletes the realm and imports it again from the realm file: undoes whatever tests changed. */
    public static void resetRealm() {
        resetRealm(baseUrl());
    }

    // --- Internals ---------------------------------------------------------------------------------------

    // The admin helpers take the base URL so that the server can import the realm before it is announced.

    private static String adminToken(String base) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "admin-cli");
        form.put("username", ADMIN_USERNAME);
        form.put("password", ADMIN_PASSWORD);
        return accessToken(base + "/realms/master/protocol/openid-connect/token", form);
    }

    private static String admin(String base, String method, String path, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(HTTP_TIMEOUT)
                .header("Authorization", "Bearer " + adminToken(base))
                .header("Accept", "application/json")
                .method(method, jsonBody == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static void resetRealm(String base) {
        String realm = "/admin/realms/" + REALM;
        HttpResponse<String> exists = send(HttpRequest.newBuilder(URI.create(base + realm))
                .timeout(HTTP_TIMEOUT)
                .header("Authorization", "Bearer " + adminToken(base))
                .GET().build());
        if (exists.statusCode() == 200) {
            admin(base, "DELETE", realm, null);
        }
        admin(base, "POST", "/admin/realms", realmFile());
    }

    private static String accessToken(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .timeout(HTTP_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request for " + form.get("client_id") + " to " + url
                    + " answered " + response.statusCode() + ": " + response.body());
        }
        return readJson(response.body()).get("access_token").asText();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String realmFile() {
        try (InputStream in = KeycloakServer.class.getClassLoader().getResourceAsStream(REALM_RESOURCE)) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(REALM_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the realm file " + REALM_FILE, e);
        }
    }

    private static boolean isAlive(String pid) {
        return pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The Keycloak process of this JVM, from start to stop. */
    private static final class Server {
        final Path home;
        final Path log;
        final FileChannel lockChannel;
        final FileLock lock;
        Process process;
        Path javaHome;
        String baseUrl;

        private Server(Path home, FileChannel lockChannel, FileLock lock) {
            this.home = home;
            this.log = home.resolve("modelgate-test.log");
            this.lockChannel = lockChannel;
            this.lock = lock;
        }

        static Server start() {
            Path home = keycloakHome();
            Path javaHome = javaHome();
            Duration timeout = Duration.ofSeconds(Long.getLong(TIMEOUT_PROPERTY, 240));
            Server server = locked(home);
            try {
                deleteRecursively(server.log);
                boolean keptDatabase = Files.isDirectory(home.resolve("data/h2"));
                try {
                    server.attempt(javaHome, timeout);
                } catch (RuntimeException first) {
                    server.kill();
                    if (!keptDatabase) {
                        throw first;
                    }
                    // A database left by an earlier run may be what fails (a crash mid-write, other admin
                    // credentials, a stray lock): start once more on a fresh one.
                    appendToLog(server.log, "\n*** The start on the kept database failed (" + first.getMessage()
                            + "); wiping " + home.resolve("data") + " and trying once more ***\n\n");
                    deleteRecursively(home.resolve("data"));
                    server.attempt(javaHome, timeout);
                }
                return server;
            } catch (RuntimeException e) {
                server.kill();
                server.unlock();
                throw new IllegalStateException("Keycloak (" + home + ", JDK " + javaHome + ") did not start: "
                        + e.getMessage() + "\n--- last lines of " + server.log + " ---\n" + tail(server.log), e);
            }
        }

        /** Takes the lock that keeps a second JVM from running Keycloak on the same folder and database. */
        private static Server locked(Path home) {
            Path lockFile = home.resolve("modelgate-test.lock");
            try {
                FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock fileLock;
                try {
                    fileLock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    channel.close();
                    throw new IllegalStateException("this JVM already ran a Keycloak from " + home
                            + " that is no longer running; see " + home.resolve("modelgate-test.log"));
                }
                if (fileLock == null) {
                    channel.close();
                    throw new IllegalStateException("another test run already uses the Keycloak in " + home
                            + " (lock " + lockFile + "); run one at a time");
                }
                return new Server(home, channel, fileLock);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + lockFile, e);
            }
        }

        /** One start: process, master realm up, realm imported, realm discovery answering. */
        private void attempt(Path javaHome, Duration timeout) {
            this.javaHome = javaHome;
            long deadline = System.nanoTime() + timeout.toNanos();
            int port = freePort();
            baseUrl = "http://127.0.0.1:" + port;
            List<String> command = List.of("/bin/sh", "-c", WATCHDOG, "keycloak-watchdog",
                    "/bin/sh", home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1",
                    "--http-port=" + port,
                    // fixes the issuer (iss) whatever host name a client uses to reach the server
                    "--hostname=" + baseUrl);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            // Keycloak reads KC_* variables as configuration and kc.sh reads JAVA*; keep the caller's out.
            env.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("KEYCLOAK_")
                    || name.startsWith("JAVA") || name.startsWith("JDK_") || name.startsWith("QUARKUS_")
                    || name.equals("DEBUG") || name.equals("DEBUG_PORT") || name.equals("PRINT_ENV"));
            env.put("JAVA_HOME", javaHome.toString());
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            // C1 only: starts noticeably faster on two cores, and a test server needs no peak throughput
            env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + command, e);
            }
            // The first start after unpacking also re-augments the distribution for dev mode (~20 s more).
            awaitOk(baseUrl + "/realms/master/.well-known/openid-configuration", deadline, "the master realm answered");
            resetRealm(baseUrl);
            awaitOk(baseUrl + "/realms/" + REALM + "/.well-known/openid-configuration", deadline, "the realm answered");
        }

        private void awaitOk(String url, long deadline, String what) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Keycloak exited with status " + process.exitValue() + " before " + what);
                }
                try {
                    if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Keycloak", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out before " + what + " (" + url + ")");
                }
                sleep(250);
            }
        }

        /** Graceful stop (the watchdog sends SIGTERM), then force; releases the folder lock. Runs at JVM exit. */
        void stop() {
            try {
                if (process != null && process.isAlive()) {
                    process.getOutputStream().close();
                    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                        System.err.println("Keycloak did not stop within " + STOP_TIMEOUT.toSeconds() + " s; killing it");
                        kill();
                    }
                }
            } catch (IOException | InterruptedException e) {
                kill();
            } finally {
                unlock();
            }
        }

        /** SIGKILL to the watchdog, kc.sh and Keycloak's JVM. */
        void kill() {
            if (process == null) {
                return;
            }
            // no lambdas here: this runs at JVM exit, perhaps after Quarkus closed the class loader
            for (ProcessHandle descendant : process.descendants().toList()) {
                descendant.destroyForcibly();
            }
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void unlock() {
            try {
                if (lock != null) {
                    lock.release();
                }
                if (lockChannel != null) {
                    lockChannel.close();
                }
            } catch (IOException e) {
                // the JVM is going away; the OS drops the lock anyway
            }
        }
    }

    /** The unpacked distribution: the system property, or the one the Maven build put under target/. */
    private static Path keycloakHome() {
        String configured = System.getProperty(HOME_PROPERTY);
        Path home;
        if (configured != null) {
            home = Path.of(configured);
        } else {
            try (Stream<Path> candidates = Files.list(Paths.get("target"))) {
                home = candidates.filter(p -> p.getFileName().toString().startsWith("keycloak-"))
                        .filter(p -> Files.isRegularFile(p.resolve("bin/kc.sh")))
                        .max(Comparator.naturalOrder())
                        .orElse(Path.of("target/keycloak-<version>"));
            } catch (IOException e) {
                home = Path.of("target/keycloak-<version>");
            }
        }
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + home.toAbsolutePath()
                    + ": the Maven build unpacks it (./mvnw process-test-resources), or set -D" + HOME_PROPERTY);
        }
        return home.toAbsolutePath();
    }

    /**
     * The JDK for Keycloak: configured, else the newest JDK under /usr/lib/jvm (Keycloak supports 17, 21 and
     * 25 and suggests the newest; 25 also starts it faster here), else the one running the tests.
     */
    private static Path javaHome() {
        String configured = Optional.ofNullable(System.getProperty(JAVA_HOME_PROPERTY))
                .orElse(System.getenv("KEYCLOAK_JAVA_HOME"));
        if (configured != null) {
            Path home = Path.of(configured);
            if (!Files.isExecutable(home.resolve("bin/java"))) {
                throw new IllegalStateException("no bin/java in the configured Keycloak JDK " + home);
            }
            return home;
        }
        Path running = Path.of(System.getProperty("java.home"));
        List<Path> candidates = new ArrayList<>(List.of(running));
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> installed = Files.list(jvms)) {
                installed.forEach(candidates::add);
            } catch (IOException e) {
                // only the running JDK then
            }
        }
        return candidates.stream()
                .filter(home -> Files.isExecutable(home.resolve("bin/java")))
                .filter(home -> featureVersion(home) >= 17)
                .max(Comparator.comparingInt(KeycloakServer::featureVersion).thenComparing(Comparator.naturalOrder()))
                .orElse(running);
    }

    /** The JDK's feature version from its release file (JAVA_VERSION="25.0.1"), 0 if unknown. */
    private static int featureVersion(Path javaHome) {
        try (Stream<String> lines = Files.lines(javaHome.resolve("release"))) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .map(version -> version.split("[.+-]")[0])
                    .mapToInt(Integer::parseInt)
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static String tail(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            List<String> all = lines.collect(Collectors.toList());
            return String.join("\n", all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void appendToLog(Path file, String text) {
        try {
            Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // only a note for the reader of the log
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }
}
