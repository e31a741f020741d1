package io.intentstream.job.connectors.redis;

import io.intentstream.cli.Option;
import java.util.List;

/** Options of the Redis online store sink (docs/serving.md). */
public final class RedisOptions {
    private RedisOptions() {}

    public static final Option<String> URI = Option.string("redis-uri", null,
            "online store: write each user's latest score, features and user-level predictions to this Redis, e.g. "
                    + "redis://localhost:6379 (docs/serving.md); unset: no online store");
    public static final Option<Integer> BATCH = Option.integer("redis-batch", 500,
            "online store: writes sent to Redis in one pipeline; buffered writes also go at every checkpoint");

    public static List<Option<?>> all() {
        return List.of(URI, BATCH);
    }
}
