package io.modelgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary directory, its own port, trust
 * authentication, run as the {@code postgres} OS user) so a test can stop and restart the database
 * under a running gateway without touching the shared server.
 */
public final class OwnPostgresCluster implements AutoCloseable {

    private final Path bin;
    private final Path dataDir;
    private final int port;

    private OwnPostgresCluster(Path bin, Path dataDir, int port) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
    }

    public static OwnPostgresCluster create() throws IOException, InterruptedException {
        Path bin;
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.sorted().reduce((a, b) -> b).orElseThrow().resolve("bin");
        }
        Path dataDir = Files.createTempDirectory("modelgate-pg-");
        run(List.of("chown", "postgres:postgres", dataDir.toString()), false);
        OwnPostgresCluster cluster = new OwnPostgresCluster(bin, dataDir, GatewayProcess.freePort());
        cluster.asPostgres(bin.resolve("initdb").toString(), "-D", dataDir.resolve("data").toString(), "-U", "postgres",
                "-A", "trust", "--no-sync");
        cluster.start();
        return cluster;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public void start() throws IOException, InterruptedException {
        asPostgres(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-l", dataDir.resolve("log").toString(),
                "-w", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dataDir, "start");
    }

    /** Stops the server the way a crash or failover looks to clients: connections are cut at once. */
    public void stop() throws IOException, InterruptedException {
        asPostgres(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-w", "-m", "immediate", "stop");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stop();
        } catch (IllegalStateException alreadyStopped) {
            // nothing to stop
        }
        run(List.of("rm", "-rf", dataDir.toString()), false);
    }

    private void asPostgres(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (!"postgres".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        run(full, true);
    }

    private static void run(List<String> command, boolean check) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || check && process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
