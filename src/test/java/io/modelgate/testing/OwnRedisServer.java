package io.modelgate.testing;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** A redis-server of the test's own, on a free port, that the test may stop and start again (nothing persisted). */
public final class OwnRedisServer implements AutoCloseable {

    private final int port;
    private Process process;

    private OwnRedisServer(int port) {
        this.port = port;
    }

    public static OwnRedisServer start() throws IOException, InterruptedException {
        OwnRedisServer server = new OwnRedisServer(GatewayProcess.freePort());
        server.startAgain();
        return server;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    /** Runs a Lua script on the server (with redis-cli) and returns its reply as the client prints it. */
    public String eval(String script) throws IOException, InterruptedException {
        Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "--no-raw", "EVAL", script, "0")
                .redirectErrorStream(true).start();
        String reply = new String(cli.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        cli.waitFor(10, TimeUnit.SECONDS);
        return reply;
    }

    /** Freezes the server (SIGSTOP): connections stay open and are accepted, and nothing is answered, as a hung Redis. */
    public void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a frozen server go on (SIGCONT): it answers what was sent meanwhile. */
    public void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
