package io.modelgate.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Modelgate started from the built application (the JAR in {@code target/quarkus-app}, or with -Pnative the
 * native executable) as a process of its own,
 * as a replica runs in production: for tests that need more than the one instance the test framework
 * starts. Its log goes to {@code target/<name>.log}.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private volatile boolean ready;

    private GatewayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts an instance with these configuration properties; it is waited for when first used ({@link #baseUrl},
     * {@link #log}), so instances started one after the other start side by side.
     */
    public static GatewayProcess start(String name, Map<String, String> config) throws IOException {
        int port = freePort();
        Map<String, String> options = new java.util.LinkedHashMap<>(config);
        options.put("quarkus.http.port", String.valueOf(port));
        List<String> command = command(options);
        Path log = Path.of("target", name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new GatewayProcess(process, port, log);
    }

    public String baseUrl() {
        ready();
        return "http://127.0.0.1:" + port;
    }

    public String log() throws IOException {
        ready();
        return Files.readString(log);
    }

    /** Waits, the first time, until the instance answers ready (at most a minute); fails with its log if it exits or never is. */
    private void ready() {
        if (ready) {
            return;
        }
        try {
            awaitReady(Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        ready = true;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Modelgate exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Modelgate was not ready within " + timeout + ":\n" + Files.readString(log));
    }

    /**
     * The command that runs the packaged application with these system properties: the native executable
     * when the build names one ({@code -Pnative}), else the JAR on this JVM.
     */
    public static List<String> command(Map<String, String> systemProperties) {
        List<String> options = new ArrayList<>(List.of("-Xmx192m"));
        systemProperties.forEach((key, value) -> options.add("-D" + key + "=" + value));
        String nativeBinary = System.getProperty("modelgate.test.native-binary", "");
        List<String> command = new ArrayList<>();
        if (!nativeBinary.isBlank()) { // the executable takes -D and -Xmx options like the JVM
            command.add(nativeBinary);
            command.addAll(options);
            return command;
        }
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests after 'package'");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    /** How a start that should fail ended: whether the process exited in time, its exit code, and its log. */
    public record Exit(boolean exited, int code, String output) {
    }

    /**
     * Runs an instance expected to refuse to start, with these system properties and environment variables, and
     * returns how it ended (a process still running after a minute is killed).
     */
    public static Exit runExpectingExit(Map<String, String> config, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        Map<String, String> options = new java.util.LinkedHashMap<>(config);
        options.putIfAbsent("quarkus.http.port", "0");
        ProcessBuilder builder = new ProcessBuilder(command(options)).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process app = builder.start();
        boolean exited = app.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            app.destroyForcibly().waitFor();
        }
        return new Exit(exited, app.exitValue(), Files.readString(log));
    }

    /** Sends SIGTERM, as Kubernetes does to stop a pod, without waiting. */
    public void terminate() {
        ready();
        process.destroy();
    }

    /** Waits for the process to end; true if it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
