package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFormat;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionState;
import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import io.intentstream.generator.OutputTarget;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import io.intentstream.replay.EventPartitions;
import io.intentstream.replay.HistoryReplay;
import io.intentstream.replay.ReplayListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream against replay on generated traffic where users come back over days: the job (parallelism 2, RocksDB)
 * computes the same history features, bit for bit, as the trainer's replay, across session closes and the expiry of
 * users' histories. The bundle's feature configuration is shortened to make both frequent: sessions time out after
 * 30 minutes, histories after two days, over eight days of traffic.
 */
class UserHistoryParityITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    @TempDir
    static Path tmp;

    private static final Duration TTL = Duration.ofDays(2);
    private static Path events;
    private static ModelBundle bundle;

    @BeforeAll
    static void generate() throws Exception {
        events = tmp.resolve("events.jsonl");
        new ClickstreamGenerator(GeneratorConfig.from(GeneratorOptions.defaults().with(GeneratorOptions.SEED, 11L)
                .with(GeneratorOptions.USERS, 2_000).with(GeneratorOptions.START, Instant.parse("2019-10-01T00:00:00Z"))
                .with(GeneratorOptions.DURATION, Duration.ofDays(8)))).writeTo(OutputTarget.file(events, false), null);
        bundle = JobTestSupport.sampleBundle();
        bundle.metadata().featureConfig = BundleMetadata.FeatureConfigJson.of(FeatureConfig.defaults()
                .withSessionTimeoutMillis(Duration.ofMinutes(30).toMillis()).withUserHistoryTtlMillis(TTL.toMillis()));
    }

    @Test
    void inArrivalOrderTheJobsHistoryFeaturesEqualTheReplays() throws Exception {
        assertParity(ApplyOrder.ARRIVAL);
    }

    @Test
    void inEventTimeOrderTheJobsHistoryFeaturesEqualTheReplays() throws Exception {
        assertParity(ApplyOrder.EVENT_TIME);
    }

    private static void assertParity(ApplyOrder order) throws Exception {
        String name = order.name().toLowerCase();
        List<ScoreRecord> scores = JobRun.of(bundle, "--input", events.toString(), "--apply-order", name.replace('_', '-'),
                "--checkpoint-dir", tmp.resolve("checkpoints-" + name).toUri().toString()).run("user history parity, " + name)
                .scores();
        Replayed replayed = replay(order);

        assertThat(scores).hasSize(replayed.features.size());
        for (ScoreRecord s : scores) {
            float[] expected = replayed.features.get(s.eventId);
            assertThat(Arrays.equals(s.features, expected))
                    .as("features of %s: job %s, replay %s", s.eventId, Arrays.toString(s.features), Arrays.toString(expected))
                    .isTrue();
        }
        // The traffic exercises what the test is about: returning users, and users forgotten after the TTL.
        assertThat(replayed.returning).as("events of users with an earlier session").isGreaterThan(5_000);
        assertThat(replayed.forgotten).as("sessions of users back after the TTL, who start over").isGreaterThan(100);
    }

    private record Replayed(Map<String, float[]> features, int returning, int forgotten) {}

    private static Replayed replay(ApplyOrder order) throws Exception {
        Map<String, float[]> features = new HashMap<>();
        Map<String, Long> lastSeen = new HashMap<>();
        int[] counts = new int[2];
        try (EventPartitions history = EventPartitions.read(events, EventFormat.JSON, ValidationRules.defaults(),
                Integer.MAX_VALUE, 1, tmp)) {
            HistoryReplay replay = new HistoryReplay(bundle.metadata().featureConfig.toConfig(), order);
            for (List<ClickEvent> partition : history.partitions()) {
                replay.replay(partition, new ReplayListener() {
                    @Override
                    public void applied(ClickEvent event, SessionState session, float[] vector) {
                        features.put(event.eventId, vector.clone());
                        if (vector[FeatureSchema.USER_PREV_SESSIONS] > 0) {
                            counts[0]++;
                        }
                        Long previous = lastSeen.put(event.userId, Math.max(event.eventTime,
                                lastSeen.getOrDefault(event.userId, Long.MIN_VALUE)));
                        if (session.eventCount == 1 && previous != null && event.eventTime - previous >= TTL.toMillis()) {
                            assertThat(vector[FeatureSchema.USER_PREV_SESSIONS]).as("a user back after the TTL").isZero();
                            counts[1]++;
                        }
                    }

                    @Override
                    public void sessionClosed(SessionState session) {}
                });
            }
        }
        return new Replayed(features, counts[0], counts[1]);
    }
}
