package io.intentstream.job.connectors.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.EventType;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.JobRun;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.model.ModelBundle;
import io.intentstream.online.OnlineStoreLayout;
import io.intentstream.testing.external.RedisServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The job with the online store on, on the bundled sample, against a real redis-server: each user's hash holds the
 * score the job emitted last for that user in event order, with its features, and a second run of the same input
 * (at-least-once redelivery of everything) leaves every hash as it was.
 */
class RedisOnlineStoreITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    /** The job's own order of a user's events: time, funnel rank, id (io.intentstream.events.EventOrder). */
    private static final Comparator<ScoreRecord> EVENT_ORDER = Comparator.<ScoreRecord>comparingLong(s -> s.eventTime)
            .thenComparingInt(s -> EventType.fromWireName(s.eventType).ordinal())
            .thenComparing(s -> s.eventId);

    @Test
    void everyUserHoldsTheirLastScoreAndARerunChangesNothing(@TempDir Path tmp) throws Exception {
        ModelBundle bundle = JobTestSupport.sampleBundle();
        try (RedisServer redis = RedisServer.start(); Jedis jedis = new Jedis(URI.create(redis.uri()))) {
            JobRun.Result first = run(bundle, redis, tmp.resolve("first"), "redis IT, first run");
            Map<String, ScoreRecord> last = first.scores().stream()
                    .collect(Collectors.toMap(s -> s.userId, s -> s, BinaryOperator.maxBy(EVENT_ORDER)));
            assertThat(last).hasSizeGreaterThan(100);

            Map<String, Map<String, String>> stored = snapshot(jedis);
            assertThat(stored.keySet()).isEqualTo(last.keySet().stream().map(OnlineStoreLayout::userKey)
                    .collect(Collectors.toSet()));
            List<String> names = FeatureSchema.names();
            for (ScoreRecord expected : last.values()) {
                Map<String, String> hash = stored.get(OnlineStoreLayout.userKey(expected.userId));
                assertThat(hash).as(expected.userId)
                        .containsEntry("score.event_id", expected.eventId)
                        .containsEntry("score.event_time", Long.toString(expected.eventTime))
                        .containsEntry("score.session_id", expected.sessionId)
                        .containsEntry("score.model_version", expected.modelVersion)
                        .containsEntry("score.propensity", Float.toString(expected.propensity));
                for (int f = 0; f < names.size(); f++) {
                    assertThat(Float.floatToIntBits(Float.parseFloat(hash.get("feature." + names.get(f)))))
                            .as("%s %s", expected.userId, names.get(f))
                            .isEqualTo(Float.floatToIntBits(expected.features[f]));
                }
                assertThat(jedis.pttl(OnlineStoreLayout.userKey(expected.userId)))
                        .isPositive().isLessThanOrEqualTo(bundle.metadata().featureConfig.toConfig().userHistoryTtlMillis());
            }

            run(bundle, redis, tmp.resolve("second"), "redis IT, rerun");
            assertThat(snapshot(jedis)).isEqualTo(stored);
        }
    }

    private static JobRun.Result run(ModelBundle bundle, RedisServer redis, Path dir, String name) throws Exception {
        return JobRun.of(bundle,
                "--input", JobTestSupport.SAMPLE_EVENTS.toString(), "--input-format", "rees46",
                "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString(),
                "--redis-uri", redis.uri(), "--redis-batch", "64").run(name);
    }

    /** Every hash in Redis, by key. */
    private static Map<String, Map<String, String>> snapshot(Jedis jedis) {
        Map<String, Map<String, String>> all = new TreeMap<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = jedis.scan(cursor, new ScanParams().count(1000));
            for (String key : page.getResult()) {
                all.put(key, new HashMap<>(jedis.hgetAll(key)));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return all;
    }
}
