package io.intentstream.job.connectors.redis;

import io.intentstream.events.EventType;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.online.OnlineStoreLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Writes the online store's groups (docs/serving.md) to Redis through one connection: writes are buffered and sent
 * as one pipeline of EVALSHA calls of {@code upsert-group.lua}, which applies a group only when it comes from a
 * later event than the stored one. Not thread-safe: one per sink subtask.
 */
public final class OnlineStoreWriter implements AutoCloseable {
    static final String SCRIPT = readScript();
    private static final String[] FEATURE_FIELDS = FeatureSchema.names().stream()
            .map(OnlineStoreLayout::featureField).toArray(String[]::new);
    /** Key, group, event time, rank, event id and TTL come before the field/value pairs. */
    private static final int HEADER = 6;

    private final Jedis jedis;
    private final String ttlMillis;
    private final List<String[]> pending = new ArrayList<>();
    private String sha;

    /** @param ttlMillis each user's hash expires this long after the last write that changed it */
    public OnlineStoreWriter(String uri, long ttlMillis) {
        if (ttlMillis <= 0) {
            throw new IllegalArgumentException("the online store's TTL must be positive, not " + ttlMillis + " ms");
        }
        this.jedis = new Jedis(URI.create(uri));
        this.ttlMillis = Long.toString(ttlMillis);
        this.sha = jedis.scriptLoad(SCRIPT);
    }

    /** Buffers the session score of one event and the feature vector it was computed from. */
    public void sessionScore(ScoreRecord s) {
        float[] features = s.features;
        int pairs = 5 + (features == null ? 0 : Math.min(features.length, FEATURE_FIELDS.length));
        String[] args = header(s.userId, OnlineStoreLayout.SCORE, s.eventTime, rankOf(s.eventType), s.eventId, pairs);
        int i = HEADER;
        i = put(args, i, OnlineStoreLayout.SESSION_ID, s.sessionId);
        i = put(args, i, OnlineStoreLayout.EVENT_TYPE, s.eventType);
        i = put(args, i, OnlineStoreLayout.MODEL_VERSION, s.modelVersion);
        i = put(args, i, OnlineStoreLayout.ARM, s.arm);
        i = put(args, i, OnlineStoreLayout.PROPENSITY, Float.toString(s.propensity));
        for (int f = 0; f < pairs - 5; f++) {
            args[i++] = FEATURE_FIELDS[f];
            // Float.toString round-trips exactly, NaN (a missing feature) included.
            args[i++] = Float.toString(features[f]);
        }
        pending.add(args);
    }

    /**
     * Buffers a user-level prediction ({@code repeat-purchase}, {@code next-purchase-days}), made at a purchase:
     * each target is a group of its own, ordered by its own events.
     */
    public void userPrediction(String userId, String target, String modelVersion, double value, long eventTime,
            String eventId) {
        String group = OnlineStoreLayout.userTarget(target);
        String[] args = header(userId, group, eventTime, OnlineStoreLayout.rank(EventType.PURCHASE), eventId, 2);
        int i = put(args, HEADER, group, OnlineStoreLayout.MODEL_VERSION, modelVersion);
        put(args, i, group, OnlineStoreLayout.VALUE, Double.toString(value));
        pending.add(args);
    }

    public int pending() {
        return pending.size();
    }

    /**
     * Sends what is buffered in one pipeline and waits for Redis's answers.
     *
     * @return how many groups were written; the rest were already there from the same or a later event
     */
    public int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        int applied;
        try {
            applied = send();
        } catch (JedisNoScriptException e) {
            // Redis restarted or its script cache was flushed: load the script again; resending is harmless,
            // every write being idempotent.
            sha = jedis.scriptLoad(SCRIPT);
            applied = send();
        }
        pending.clear();
        return applied;
    }

    private int send() {
        Pipeline pipeline = jedis.pipelined();
        List<Response<Object>> responses = new ArrayList<>(pending.size());
        for (String[] args : pending) {
            responses.add(pipeline.evalsha(sha, 1, args));
        }
        pipeline.sync();
        int applied = 0;
        for (Response<Object> response : responses) {
            applied += ((Long) response.get()).intValue();
        }
        return applied;
    }

    @Override
    public void close() {
        jedis.close();
    }

    private String[] header(String userId, String group, long eventTime, int rank, String eventId, int pairs) {
        String[] args = new String[HEADER + 2 * pairs];
        args[0] = OnlineStoreLayout.userKey(userId);
        args[1] = group;
        args[2] = Long.toString(eventTime);
        args[3] = Integer.toString(rank);
        args[4] = eventId;
        args[5] = ttlMillis;
        return args;
    }

    private static int put(String[] args, int i, String name, String value) {
        return put(args, i, OnlineStoreLayout.SCORE, name, value);
    }

    private static int put(String[] args, int i, String group, String name, String value) {
        args[i] = OnlineStoreLayout.field(group, name);
        // Redis has no null; an absent value (no arm without a registry, say) is stored as empty.
        args[i + 1] = value == null ? "" : value;
        return i + 2;
    }

    private static int rankOf(String eventType) {
        EventType type = EventType.fromWireName(eventType);
        return type == null ? 0 : OnlineStoreLayout.rank(type);
    }

    private static String readScript() {
        try (InputStream in = OnlineStoreWriter.class.getResourceAsStream("upsert-group.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read upsert-group.lua", e);
        }
    }
}
