package io.modelgate.control;

import io.modelgate.testing.GatewayProcess;
import io.modelgate.testing.ReplicaEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the built application, each its own process, against one database: a permission
 * revoked through replica A is enforced by replica B within a second.
 */
class TwoReplicasIT {

    @Test
    void aPermissionRevokedThroughOneReplicaIsEnforcedByTheOtherWithinASecond() throws Exception {
        try (ReplicaEnvironment environment = new ReplicaEnvironment();
                GatewayProcess a = GatewayProcess.start("replica-a", environment.config());
                GatewayProcess b = GatewayProcess.start("replica-b", environment.config())) {
            String dana = environment.token("dana", "ds-team");
            assertEquals(200, ReplicaEnvironment.chat(b.baseUrl(), dana, "premium-chat"));

            assertEquals(200, environment.adminPut(a.baseUrl(), "/permissions/data_science", "{\"models\": [\"ds-*\"]}").statusCode());
            long revoked = System.nanoTime();
            int status = 200;
            while (status == 200 && System.nanoTime() - revoked < Duration.ofSeconds(5).toNanos()) {
                status = ReplicaEnvironment.chat(b.baseUrl(), dana, "premium-chat");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - revoked);
            assertEquals(403, status, "replica B still allows the revoked model");
            System.out.printf("replica B enforced the revocation made through replica A after %d ms%n", took.toMillis());
            assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "replica B enforced the change after " + took.toMillis() + " ms");
            assertEquals(200, ReplicaEnvironment.chat(b.baseUrl(), dana, "ds-notebook"), "what stayed granted still works");
        }
    }
}
