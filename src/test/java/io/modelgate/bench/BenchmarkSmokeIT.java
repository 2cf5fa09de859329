package io.modelgate.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark harness in its smoke mode (a couple of seconds per point) against the packaged application,
 * so that {@code bench/run.sh} cannot rot unnoticed: it starts, drives every contender, and reports. Nothing
 * here judges speed — the figures of a two-second run on a shared CI machine mean nothing; that is what the
 * full run and {@code bench/RESULTS.md} are for. Needs wrk and nginx ({@code .ci/run} installs them).
 */
class BenchmarkSmokeIT {

    /** A row of a load table: the concurrency, then the cells (req/s of direct, nginx and Modelgate at 1, 3, 5). */
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+)( paced[^|]*)? \\|(.*)\\|$");

    @Test
    void theHarnessMeasuresEveryContenderAndWritesItsReport() throws Exception {
        Path report = Path.of("target", "bench-smoke-it.md");
        Files.deleteIfExists(report);
        Path output = Path.of("target", "bench-smoke-it.log");
        ProcessBuilder builder = new ProcessBuilder("bash", "bench/run.sh", "--smoke", "--no-build")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("RESULTS_FILE", report.toString());
        String nativeBinary = System.getProperty("modelgate.test.native-binary", "");
        if (!nativeBinary.isBlank()) {
            builder.environment().put("BENCH_APP", nativeBinary);
        }
        Process bench = builder.start();
        boolean finished = bench.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            bench.destroy(); // run.sh's trap stops nginx and Modelgate and drops its database
            bench.waitFor(30, TimeUnit.SECONDS);
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(finished, "the smoke run is bounded:\n" + log);
        assertEquals(0, bench.exitValue(), log);

        String markdown = Files.readString(report, StandardCharsets.UTF_8);
        for (String section : List.of("## `POST /v1/chat/completions`", "## `POST /v1/embeddings`",
                "## `POST /v1/chat/completions, streamed`", "## `POST /v1/responses, streamed`", "## `POST /v1/messages, streamed`",
                "## `POST /v1/chat/completions, 400 KB prompt`",
                "## Time to first streamed chunk", "## Modelgate process", "## Targets (issue 5)")) {
            assertTrue(markdown.contains(section), section + " in\n" + markdown);
        }
        int rows = 0;
        for (String line : markdown.lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            rows++;
            String[] cells = row.group(3).split("\\|");
            for (int reqPerSecond : new int[] {1, 3, 5}) {
                assertTrue(Double.parseDouble(cells[reqPerSecond].trim()) > 0, "every contender served requests: " + line);
            }
            assertEquals("0", cells[cells.length - 1].trim(), "no errors or non-2xx answers: " + line);
        }
        // concurrency 1 and 4, and 4 paced, for chat and for embeddings; the four API points at 4
        assertEquals(10, rows, markdown);
        assertTrue(markdown.matches("(?s).*\\| modelgate \\| [0-9.]+ / [0-9.]+ \\| [0-9.]+ / [0-9.]+ \\| 20 \\|.*"),
                "time to first chunk through Modelgate on new and kept-alive connections:\n" + markdown);
        assertFalse(log.contains("sanity check failed"), log);
        assertTrue(log.contains("== wrote " + report), log);
    }
}
