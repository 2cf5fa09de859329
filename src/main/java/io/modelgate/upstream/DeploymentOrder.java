package io.modelgate.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The order in which a model's deployments are tried: a weighted random draw without replacement,
 * so traffic splits by weight and every deployment is still a fail-over candidate.
 */
public final class DeploymentOrder {

    private DeploymentOrder() {
    }

    public static List<Deployment> of(List<Deployment> deployments, DoubleSupplier random) {
        if (deployments.size() <= 1) {
            return deployments;
        }
        List<Deployment> remaining = new ArrayList<>(deployments);
        List<Deployment> ordered = new ArrayList<>(deployments.size());
        long totalWeight = 0;
        for (Deployment d : remaining) {
            totalWeight += d.weight();
        }
        while (!remaining.isEmpty()) {
            double point = random.getAsDouble() * totalWeight;
            int chosen = remaining.size() - 1;
            for (int i = 0; i < remaining.size(); i++) {
                point -= remaining.get(i).weight();
                if (point < 0) {
                    chosen = i;
                    break;
                }
            }
            Deployment next = remaining.remove(chosen);
            totalWeight -= next.weight();
            ordered.add(next);
        }
        return ordered;
    }
}
