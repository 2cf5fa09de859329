package io.modelgate.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How limits are held ({@code modelgate.limits.*}). With {@code quarkus.redis.hosts} set, every replica adds its
 * counts to Redis and reads everyone's every {@code sync-interval}; without, each replica counts alone.
 */
@ConfigMapping(prefix = "modelgate.limits")
public interface LimitsConfig {

    /**
     * How often a replica exchanges its request and token counts with Redis. A replica admits on what it knew at
     * the last exchange plus its own calls since: the others' calls of one interval are the overshoot.
     */
    @WithDefault("250ms")
    Duration syncInterval();

    /**
     * When Redis cannot be reached: {@code fail-open} keeps admitting on this replica's own counts (a warning and
     * {@code modelgate_limits_shared} 0), {@code fail-closed} refuses calls under a rate limit with a 429 until it is
     * back.
     */
    @WithDefault("fail-open")
    RedisFailure redisFailure();

    enum RedisFailure {
        FAIL_OPEN, FAIL_CLOSED
    }
}
