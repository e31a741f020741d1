package io.intentstream.job.connectors.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.online.OnlineStoreLayout;
import io.intentstream.testing.Instants;
import io.intentstream.testing.external.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The online store's writes against a real redis-server: idempotent, order-safe, with the TTL, for both kinds of group. */
class OnlineStoreWriterITCase {
    private static final long TTL = Duration.ofDays(90).toMillis();
    private static final Instant START = Instants.START;
    private static RedisServer redis;

    private OnlineStoreWriter writer;
    private Jedis jedis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void connect() {
        writer = new OnlineStoreWriter(redis.uri(), TTL);
        jedis = new Jedis(java.net.URI.create(redis.uri()));
        jedis.flushAll();
    }

    @AfterEach
    void disconnect() {
        writer.close();
        jedis.close();
    }

    @Test
    void aSessionScoreStoresItsFieldsAndFeaturesWithTheTtl() {
        ScoreRecord score = score(JobTestSupport.cart("u1", "s1", "p1", 10.0, START), 0.25f);
        writer.sessionScore(score);
        assertThat(writer.flush()).isEqualTo(1);

        Map<String, String> hash = jedis.hgetAll(OnlineStoreLayout.userKey("u1"));
        assertThat(hash).containsEntry("score.event_id", score.eventId)
                .containsEntry("score.event_time", Long.toString(START.toEpochMilli()))
                .containsEntry("score.session_id", "s1").containsEntry("score.event_type", "cart")
                .containsEntry("score.model_version", "m-1").containsEntry("score.arm", "champion")
                .containsEntry("score.propensity", "0.25")
                .containsEntry("feature." + FeatureSchema.names().get(FeatureSchema.CART_COUNT), "2.0")
                .containsEntry("feature." + FeatureSchema.names().get(FeatureSchema.PRICE), "NaN");
        long pttl = jedis.pttl(OnlineStoreLayout.userKey("u1"));
        assertThat(pttl).isPositive().isLessThanOrEqualTo(TTL);
    }

    @Test
    void theSameScoreWrittenTwiceLeavesTheSameHash() {
        ScoreRecord score = score(JobTestSupport.view("u1", "s1", "p1", 10.0, START), 0.5f);
        writer.sessionScore(score);
        writer.flush();
        Map<String, String> first = jedis.hgetAll(OnlineStoreLayout.userKey("u1"));

        writer.sessionScore(score);
        writer.sessionScore(score);
        assertThat(writer.flush()).isZero();
        assertThat(jedis.hgetAll(OnlineStoreLayout.userKey("u1"))).isEqualTo(first);
    }

    @Test
    void anOlderEventNeverReplacesANewerOne() {
        ScoreRecord newer = score(JobTestSupport.view("u1", "s1", "p2", 10.0, START.plusSeconds(60)), 0.7f);
        ScoreRecord older = score(JobTestSupport.view("u1", "s1", "p1", 10.0, START), 0.1f);
        // Same time, lower in the funnel's order: a view stamped with the time of a cart comes before the cart.
        ScoreRecord sameTimeCart = score(JobTestSupport.cart("u1", "s1", "p2", 10.0, START.plusSeconds(60)), 0.9f);
        ScoreRecord sameTimeView = score(JobTestSupport.view("u1", "s1", "p3", 10.0, START.plusSeconds(60)), 0.3f);
        writer.sessionScore(newer);
        writer.sessionScore(older);
        assertThat(writer.flush()).isEqualTo(1);
        assertThat(jedis.hget(OnlineStoreLayout.userKey("u1"), "score.event_id")).isEqualTo(newer.eventId);

        writer.sessionScore(sameTimeCart);
        writer.sessionScore(sameTimeView);
        writer.flush();
        assertThat(jedis.hget(OnlineStoreLayout.userKey("u1"), "score.event_id")).isEqualTo(sameTimeCart.eventId);
        assertThat(jedis.hget(OnlineStoreLayout.userKey("u1"), "score.propensity")).isEqualTo("0.9");
    }

    @Test
    void userPredictionsAreGroupsOfTheirOwnNextToTheSessionScore() {
        writer.sessionScore(score(JobTestSupport.view("u1", "s1", "p1", 10.0, START.plusSeconds(3600)), 0.5f));
        writer.userPrediction("u1", "repeat-purchase", "rp-1", 0.42, START.toEpochMilli(), "e-1");
        writer.userPrediction("u1", "next-purchase-days", "np-1", 12.5, START.toEpochMilli(), "e-1");
        assertThat(writer.flush()).isEqualTo(3);
        // Later purchase replaces; an older or the same one does not.
        writer.userPrediction("u1", "repeat-purchase", "rp-1", 0.61, START.plusSeconds(60).toEpochMilli(), "e-2");
        writer.userPrediction("u1", "repeat-purchase", "rp-1", 0.05, START.toEpochMilli(), "e-0");
        writer.userPrediction("u1", "next-purchase-days", "np-1", 99.0, START.toEpochMilli(), "e-1");
        assertThat(writer.flush()).isEqualTo(1);

        Map<String, String> hash = jedis.hgetAll(OnlineStoreLayout.userKey("u1"));
        assertThat(hash).containsEntry("user.repeat-purchase.value", "0.61")
                .containsEntry("user.repeat-purchase.event_id", "e-2")
                .containsEntry("user.repeat-purchase.model_version", "rp-1")
                .containsEntry("user.next-purchase-days.value", "12.5")
                .containsEntry("score.propensity", "0.5");
    }

    @Test
    void writesGoOnAfterRedisForgetsTheScript() {
        writer.sessionScore(score(JobTestSupport.view("u1", "s1", "p1", 10.0, START), 0.5f));
        writer.flush();
        jedis.scriptFlush();
        writer.sessionScore(score(JobTestSupport.view("u1", "s1", "p2", 10.0, START.plusSeconds(1)), 0.6f));
        assertThat(writer.flush()).isEqualTo(1);
        assertThat(jedis.hget(OnlineStoreLayout.userKey("u1"), "score.propensity")).isEqualTo("0.6");
    }

    private static ScoreRecord score(ClickEvent event, float propensity) {
        float[] features = new float[FeatureSchema.SIZE];
        Arrays.fill(features, 1f);
        features[FeatureSchema.CART_COUNT] = 2f;
        features[FeatureSchema.PRICE] = Float.NaN;
        return ScoreRecord.of(event, "m-1", "champion", propensity, features, false, 0L);
    }
}
