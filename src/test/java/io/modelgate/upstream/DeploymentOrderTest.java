package io.modelgate.upstream;

import io.modelgate.policy.UpstreamKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class DeploymentOrderTest {

    private static Deployment deployment(long id, int weight) {
        return new Deployment(String.valueOf(id), UpstreamKind.OPENAI, URI.create("https://upstream-" + id + ".example.com/v1"),
                "gpt-4o", Optional.empty(), null, weight, Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60),
                MockBehaviour.DEFAULT, io.modelgate.usage.TokenPrices.NONE, (d, call) -> io.vertx.core.Future.failedFuture("not sent"));
    }

    private static List<Deployment> withWeights(int... weights) {
        return IntStream.range(0, weights.length).mapToObj(i -> deployment(i + 1, weights[i])).toList();
    }

    /** How often each deployment id comes first over {@code draws} orders. */
    private static Map<Long, Integer> firstPicks(List<Deployment> deployments, long seed, int draws) {
        Random random = new Random(seed);
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < draws; i++) {
            counts.merge(id(DeploymentOrder.of(deployments, random::nextDouble).get(0)), 1, Integer::sum);
        }
        return counts;
    }

    @RepeatedTest(20)
    void everyDeploymentAppearsExactlyOnce() {
        List<Deployment> deployments = withWeights(1, 3, 7, 1, 100);

        List<Deployment> ordered = DeploymentOrder.of(deployments, new Random()::nextDouble);

        assertEquals(deployments.size(), ordered.size());
        assertEquals(new HashSet<>(deployments), new HashSet<>(ordered));
    }

    @Test
    void inputListIsNotModified() {
        List<Deployment> deployments = new ArrayList<>(withWeights(1, 2, 3));
        List<Deployment> copy = List.copyOf(deployments);

        DeploymentOrder.of(deployments, new Random(7)::nextDouble);

        assertEquals(copy, deployments);
    }

    @Test
    void singleDeploymentIsReturnedAsIs() {
        List<Deployment> one = List.of(deployment(1, 5));

        assertSame(one, DeploymentOrder.of(one, () -> {
            throw new AssertionError("no random draw is needed for one deployment");
        }));
        assertEquals(List.of(), DeploymentOrder.of(List.of(), Math::random));
    }

    @Test
    void firstPickFollowsWeights() {
        int draws = 20_000;

        Map<Long, Integer> counts = firstPicks(withWeights(1, 3), 42, draws);

        double shareOfLight = counts.getOrDefault(1L, 0) / (double) draws;
        double shareOfHeavy = counts.getOrDefault(2L, 0) / (double) draws;
        assertEquals(0.25, shareOfLight, 0.02, "weight 1 of 4");
        assertEquals(0.75, shareOfHeavy, 0.02, "weight 3 of 4");
    }

    @Test
    void firstPickFollowsWeightsAmongThree() {
        int draws = 30_000;

        Map<Long, Integer> counts = firstPicks(withWeights(2, 3, 5), 7, draws);

        assertEquals(0.2, counts.getOrDefault(1L, 0) / (double) draws, 0.02);
        assertEquals(0.3, counts.getOrDefault(2L, 0) / (double) draws, 0.02);
        assertEquals(0.5, counts.getOrDefault(3L, 0) / (double) draws, 0.02);
    }

    @Test
    void equalWeightsSplitEvenly() {
        int draws = 20_000;

        Map<Long, Integer> counts = firstPicks(withWeights(1, 1), 1, draws);

        assertEquals(0.5, counts.getOrDefault(1L, 0) / (double) draws, 0.02);
    }

    @Test
    void drawIsWithoutReplacement() {
        // Draws of 0.0 always take the first remaining candidate; 0.999 the last.
        List<Deployment> deployments = withWeights(1, 1, 1);

        assertEquals(List.of(1L, 2L, 3L), ids(DeploymentOrder.of(deployments, () -> 0.0)));
        assertEquals(List.of(3L, 2L, 1L), ids(DeploymentOrder.of(deployments, () -> 0.999)));
    }

    @Test
    void remainingWeightsDecideTheFailOverOrder() {
        // weights 1, 1, 8: a draw of 0.5 lands in the heavy deployment (points 2..10 of 10); then among the
        // remaining weights 1 and 1, the same draw lands on the second (point 1 of 2).
        List<Deployment> deployments = withWeights(1, 1, 8);

        assertEquals(List.of(3L, 2L, 1L), ids(DeploymentOrder.of(deployments, () -> 0.5)));
    }

    @Test
    void drawOfOneNeverFallsOffTheEnd() {
        assertEquals(List.of(2L, 1L), ids(DeploymentOrder.of(withWeights(1, 1), () -> 1.0)));
    }

    @Test
    void heavyDeploymentIsUsuallyFirstButTheLightOneStillGetsSomeTraffic() {
        Map<Long, Integer> counts = firstPicks(withWeights(1, 99), 3, 10_000);

        assertTrue(counts.getOrDefault(1L, 0) > 0, "weight 1 still gets a share");
        assertTrue(counts.getOrDefault(2L, 0) > 9_700, counts.toString());
    }

    private static List<Long> ids(List<Deployment> deployments) {
        return deployments.stream().map(DeploymentOrderTest::id).toList();
    }

    /** The number each deployment here is labelled with. */
    private static long id(Deployment deployment) {
        return Long.parseLong(deployment.label());
    }
}
