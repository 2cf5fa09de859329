package io.modelgate.gateway;

import io.modelgate.testing.TestIdentityProvider;
import io.modelgate.testing.TestUpstream;
import io.quarkus.test.junit.QuarkusTest;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 25 MB audio upload (OpenAI's limit) passes, and the gateway holds it once. Measured on the gateway's own threads
 * (the event loops: the test client and the recording upstream run on others): the bytes they allocate per upload,
 * through the JVM's per-thread allocation counters, and the heap left after a GC once ten uploads are over.
 */
@QuarkusTest
class LargeUploadTest {

    private static final Logger LOG = Logger.getLogger(LargeUploadTest.class);
    private static final int FILE = 25 * 1024 * 1024;
    /**
     * Less than one upload over ten: anything kept per upload leaves 250 MiB or more. The app is shared with the suite's
     * other tests, and their leftovers move its heap after GC by up to ~10 MiB either way in the same seconds.
     */
    private static final long RETAINED_LIMIT = FILE;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/v1/audio/transcriptions")
    URI transcriptions;

    /** The form as OpenAI's SDKs send it, the file first; sent by the JDK's client (REST Assured takes seconds to encode 25 MB). */
    private void upload(String token, byte[] audio) throws Exception {
        String boundary = "modelgate-upload-test";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"speech.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-upstream\r\n--"
                + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = HttpRequest.newBuilder(transcriptions).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofByteArray(audio), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("{\"text\":\"received "), response.body());
    }

    @Test
    void a25MegabyteUploadIsHeldOnceAndLeavesNothingBehind() throws Exception {
        String token = TestIdentityProvider.current().tokenWithRoles("alice", "basic_user");
        byte[] audio = new byte[FILE];
        Arrays.fill(audio, (byte) 7);
        upload(token, audio); // warm-up: classes, pools, the JIT
        TestUpstream.current().clear();

        long heapBefore = heapAfterGc();
        long allocatedBefore = eventLoopAllocatedBytes();
        upload(token, audio);
        long allocated = eventLoopAllocatedBytes() - allocatedBefore;
        for (int i = 0; i < 9; i++) {
            upload(token, audio);
        }
        // the last exchange's buffers may be reachable for a moment after its answer: what is retained stays
        long heapAfter = heapAfterGc();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (heapAfter - heapBefore >= RETAINED_LIMIT && System.nanoTime() < deadline) {
            Thread.sleep(200);
            heapAfter = heapAfterGc();
        }
        assertTrue(heapAfter - heapBefore < RETAINED_LIMIT, String.format(
                "no upload retained: heap after GC %.1f -> %.1f MiB over 10 uploads; the largest classes on the heap:%n%s",
                heapBefore / 1048576.0, heapAfter / 1048576.0, largestClassesOnHeap()));

        String forwarded = TestUpstream.current().requests().get(0).body();
        long forwardedBytes = Long.parseLong(forwarded.substring(0, forwarded.indexOf(' ')));
        assertTrue(forwardedBytes > FILE && forwardedBytes < FILE + 1024, "the whole form reached the upstream: " + forwarded);
        LOG.infof("25 MiB upload: %.1f MiB allocated on the event loops (%.2f x the file); heap after GC %.1f -> %.1f MiB over 10 uploads",
                allocated / 1048576.0, allocated / (double) FILE, heapBefore / 1048576.0, heapAfter / 1048576.0);
        assertTrue(allocated < 1.5 * FILE, "the file is copied once (Vert.x's copy of each received chunk), not twice: "
                + allocated / 1048576 + " MiB allocated");
        assertEquals(10, TestUpstream.current().requests().size());
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The head of the JVM's class histogram (what jcmd GC.class_histogram prints), to say what a failure kept. */
    private static String largestClassesOnHeap() {
        try {
            Object histogram = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return ((String) histogram).lines().limit(15).collect(java.util.stream.Collectors.joining("\n"));
        } catch (Exception e) {
            return "(no class histogram: " + e + ")";
        }
    }

    /** Bytes allocated so far by the Vert.x event-loop threads, where the data plane runs. */
    private static long eventLoopAllocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("vert.x-eventloop-thread")) {
                total += threads.getThreadAllocatedBytes(thread.getId());
            }
        }
        return total;
    }
}
