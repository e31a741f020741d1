package io.intentstream.job.connectors.redis;

import io.intentstream.cli.Options;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.UserScoreRecord;
import java.net.URI;
import java.util.Set;

/**
 * Attaches the online store (docs/serving.md) to the job's outputs when {@code --redis-uri} is set: each user's
 * latest session score and feature vector, and ({@code --user-models}) the latest user-level predictions, through
 * the same writer ({@link OnlineStoreWriter#userPrediction}) in a second sink with uid {@value #USER_SCORES_UID}.
 */
public final class RedisOnlineStore {
    public static final String SCORES_UID = "redis-online-store-scores";
    public static final String USER_SCORES_UID = "redis-online-store-user-scores";
    private static final Set<String> SCHEMES = Set.of("redis", "rediss");

    private RedisOnlineStore() {}

    /** @param ttlMillis the user-history TTL of the bundle the job starts with: the store forgets users as the job does */
    public static void attach(Outputs outputs, Options.Values options, long ttlMillis) {
        String uri = options.get(RedisOptions.URI);
        if (uri == null) {
            return;
        }
        checkUri(uri);
        outputs.scores()
                .sinkTo(new RedisSink<ScoreRecord>(uri, ttlMillis, options.get(RedisOptions.BATCH),
                        (score, store) -> store.sessionScore(score)))
                .uid(SCORES_UID).name("online store: Redis");
        outputs.userScores()
                .sinkTo(new RedisSink<UserScoreRecord>(uri, ttlMillis, options.get(RedisOptions.BATCH),
                        (u, store) -> store.userPrediction(u.userId, u.target, u.modelVersion, u.value, u.eventTime, u.eventId)))
                .uid(USER_SCORES_UID).name("online store: Redis, user-level predictions");
    }

    /** A mistyped URI fails submission, not the first write. */
    static void checkUri(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--redis-uri " + uri + " is not a URI: " + e.getMessage());
        }
        if (parsed.getScheme() == null || !SCHEMES.contains(parsed.getScheme()) || parsed.getHost() == null) {
            throw new IllegalArgumentException("--redis-uri " + uri + ": expected redis://host:port (or rediss:// for TLS)");
        }
    }
}
