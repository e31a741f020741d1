package io.intentstream.serving;

import io.intentstream.online.OnlineStoreLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.JedisPooled;

/**
 * Reads a user's hash from the online store (layout: {@link OnlineStoreLayout}, docs/serving.md) into the body of
 * GET /users/{id}: the latest session score, the features as of it, and the user-level predictions by target.
 */
final class UserLookup implements AutoCloseable {
    private static final String SCORE_PREFIX = OnlineStoreLayout.SCORE + '.';

    private final JedisPooled redis;

    UserLookup(String redisUri) {
        this.redis = new JedisPooled(java.net.URI.create(redisUri));
    }

    /** The user's entry, or {@code null} for a user the store does not know (never seen, or expired). */
    Map<String, Object> find(String userId) {
        Map<String, String> hash = redis.hgetAll(OnlineStoreLayout.userKey(userId));
        if (hash.isEmpty()) {
            return null;
        }
        Map<String, Object> score = new LinkedHashMap<>();
        Map<String, Object> features = new TreeMap<>();
        Map<String, Map<String, Object>> predictions = new TreeMap<>();
        hash.forEach((field, value) -> {
            if (field.startsWith(OnlineStoreLayout.FEATURE_PREFIX)) {
                features.put(field.substring(OnlineStoreLayout.FEATURE_PREFIX.length()), number(value));
            } else if (field.startsWith(SCORE_PREFIX)) {
                score.put(field.substring(SCORE_PREFIX.length()), typed(field.substring(SCORE_PREFIX.length()), value));
            } else if (field.startsWith(OnlineStoreLayout.USER_TARGET_PREFIX)) {
                String rest = field.substring(OnlineStoreLayout.USER_TARGET_PREFIX.length());
                int dot = rest.lastIndexOf('.');
                if (dot > 0) {
                    predictions.computeIfAbsent(rest.substring(0, dot), t -> new TreeMap<>())
                            .put(rest.substring(dot + 1), typed(rest.substring(dot + 1), value));
                }
            }
        });
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("user_id", userId);
        user.put("session_score", score.isEmpty() ? null : score);
        user.put("features", features.isEmpty() ? null : features);
        user.put("predictions", predictions);
        return user;
    }

    boolean ping() {
        return "PONG".equals(redis.ping());
    }

    @Override
    public void close() {
        redis.close();
    }

    private static Object typed(String name, String value) {
        return switch (name) {
            case OnlineStoreLayout.EVENT_TIME, OnlineStoreLayout.EVENT_RANK -> Long.parseLong(value);
            case OnlineStoreLayout.PROPENSITY -> number(value);
            case OnlineStoreLayout.VALUE -> Double.parseDouble(value);
            default -> value;
        };
    }

    /** Floats as written by the job (Float.toString, exact); a missing feature (NaN) is JSON null. */
    private static Float number(String value) {
        float f = Float.parseFloat(value);
        return Float.isNaN(f) ? null : f;
    }
}
