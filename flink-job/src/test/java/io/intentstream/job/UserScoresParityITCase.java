package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import io.intentstream.generator.OutputTarget;
import io.intentstream.job.functions.ModelSet;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.UserScoreRecord;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.XGBoostScorer;
import io.intentstream.online.OnlineStoreLayout;
import io.intentstream.testing.external.RedisServer;
import io.intentstream.trainer.PurchaseExamples;
import io.intentstream.trainer.Trainer;
import io.intentstream.trainer.UserTargetTrainer;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The job scores the user-level targets at purchase events in its scoring operator, and its value for each purchase
 * of generated traffic equals the trainer's (XGBoost4J's prediction for the trainer's feature row of the same
 * event, with the same bundle), for both targets, next to the session scores it emits as before.
 */
class UserScoresParityITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    @TempDir
    static Path tmp;

    private static final Map<String, ModelBundle> BUNDLES = new HashMap<>();
    /** Target to event id to the trainer's prediction. */
    private static final Map<String, Map<String, Float>> TRAINER = new HashMap<>();

    private static Path events;

    /**
     * Ten generated days where users come back, as the REES46 sample's three hours have almost no repeat purchase
     * and a model trained on it is nearly constant, which would prove little.
     */
    @BeforeAll
    static void train() throws Exception {
        events = tmp.resolve("events.jsonl");
        new ClickstreamGenerator(GeneratorConfig.from(GeneratorOptions.defaults().with(GeneratorOptions.SEED, 5L)
                .with(GeneratorOptions.USERS, 2_000).with(GeneratorOptions.START, Instant.parse("2019-10-01T00:00:00Z"))
                .with(GeneratorOptions.DURATION, Duration.ofDays(10)))).writeTo(OutputTarget.file(events, false), null);
        // No validation side, so every round is kept: early stopping on few labels can stop at the first tree.
        train("repeat-purchase", "--horizon", "2d", "--validation-fraction", "0");
        train("next-purchase-days", "--validation-fraction", "0");
    }

    private static void train(String target, String... more) throws Exception {
        Path out = tmp.resolve(target);
        String[] base = {"--input", events.toString(), "--target", target,
            "--output", out.toString(), "--rounds", "30", "--threads", "1", "--model-version", target + "-v1"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        UserTargetTrainer.Result r = UserTargetTrainer.run(Trainer.options().parse(args));
        ModelBundle bundle = BundleLoader.check(out.toString(), b -> new XGBoostScorer(b)).bundle();
        Map<String, Float> predictions = new HashMap<>();
        PurchaseExamples examples = r.examples();
        try (XGBoostScorer scorer = new XGBoostScorer(bundle)) {
            for (int i = 0; i < examples.size(); i++) {
                predictions.put(examples.eventId(i), scorer.predict(examples.row(i)));
            }
        }
        BUNDLES.put(target, bundle);
        TRAINER.put(target, predictions);
    }

    @Test
    void theJobsUserScoresEqualTheTrainersForEveryPurchase() throws Exception {
        JobRun.Result result;
        try (RedisServer redis = RedisServer.start(); Jedis jedis = new Jedis(URI.create(redis.uri()))) {
            result = JobRun.of(JobTestSupport.sampleBundle(), "--input", events.toString(),
                            "--apply-order", "event-time", "--archive", tmp.resolve("archive").toString(),
                            "--results", tmp.resolve("results").toString(), "--dead-letters", tmp.resolve("dead-letters").toString(),
                            "--redis-uri", redis.uri())
                    .withUserModels(List.of(BUNDLES.get("repeat-purchase"), BUNDLES.get("next-purchase-days")))
                    .withConnectorSinks()
                    .run("user scores parity");
            assertOnlineStoreHoldsEachUsersLatestPrediction(jedis, result.userScores());
        }

        Map<String, List<UserScoreRecord>> byTarget = result.userScores().stream()
                .collect(Collectors.groupingBy(u -> u.target));
        assertThat(byTarget).containsOnlyKeys("repeat-purchase", "next-purchase-days");
        Map<String, ScoreRecord> purchases = result.scores().stream().filter(s -> "purchase".equals(s.eventType))
                .collect(Collectors.toMap(s -> s.eventId, s -> s));
        for (String target : byTarget.keySet()) {
            Map<String, Float> expected = TRAINER.get(target);
            List<UserScoreRecord> scores = byTarget.get(target);
            assertThat(scores.stream().map(u -> u.value).distinct().count()).as("distinct %s values of %s", target, scores.size())
                    .isGreaterThan(10);
            // One value per purchase event the trainer made an example of, and for no other event.
            assertThat(scores).extracting(u -> u.eventId).containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (UserScoreRecord u : scores) {
                float want = expected.get(u.eventId);
                assertThat((double) Math.abs(u.value - want)).as("%s of %s: job %s, trainer %s", target, u.eventId,
                        u.value, want).isLessThanOrEqualTo(1e-6 * Math.max(1.0, Math.abs(want)));
                assertThat(u.modelVersion).isEqualTo(target + "-v1");
                ScoreRecord session = purchases.get(u.eventId);
                if (session != null) {
                    assertThat(u.userId).isEqualTo(session.userId);
                    assertThat(u.eventTime).isEqualTo(session.eventTime);
                }
            }
        }
        assertThat(byTarget.get("repeat-purchase")).hasSizeGreaterThan(100);

        // The archive's user_scores table holds the same rows.
        Map<String, Float> archived = new HashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT target, event_id, user_id, value FROM read_parquet('"
                        + tmp.resolve("archive") + "/user_scores/**/*.parquet', hive_partitioning = true)")) {
            while (rs.next()) {
                archived.put(rs.getString("target") + "/" + rs.getString("event_id"), rs.getFloat("value"));
            }
        }
        assertThat(archived).isEqualTo(result.userScores().stream()
                .collect(Collectors.toMap(u -> u.target + "/" + u.eventId, u -> u.value)));
    }

    /** The online store keeps, per user and target, the value of the user's latest purchase in event order. */
    private static void assertOnlineStoreHoldsEachUsersLatestPrediction(Jedis jedis, List<UserScoreRecord> scores) {
        Map<String, UserScoreRecord> latest = new HashMap<>();
        for (UserScoreRecord u : scores) {
            latest.merge(u.userId + "/" + u.target, u, (a, b) -> a.eventTime != b.eventTime
                    ? (a.eventTime > b.eventTime ? a : b) : (a.eventId.compareTo(b.eventId) > 0 ? a : b));
        }
        assertThat(latest).hasSizeGreaterThan(100);
        for (UserScoreRecord u : latest.values()) {
            String group = OnlineStoreLayout.userTarget(u.target);
            String stored = jedis.hget(OnlineStoreLayout.userKey(u.userId), OnlineStoreLayout.field(group, OnlineStoreLayout.VALUE));
            assertThat(stored).as("stored %s of user %s", u.target, u.userId).isNotNull();
            assertThat((float) Double.parseDouble(stored)).as("stored %s of user %s", u.target, u.userId).isEqualTo(u.value);
            assertThat(jedis.hget(OnlineStoreLayout.userKey(u.userId), OnlineStoreLayout.field(group, OnlineStoreLayout.EVENT_ID)))
                    .isEqualTo(u.eventId);
        }
    }

    @Test
    void aUserModelMustBeOfAUserTargetAndOfTheJobsFeatureSettings() {
        ModelSet production = ModelSet.fixed(JobTestSupport.sampleBundle());
        assertThatThrownBy(() -> production.withUserModels(List.of(JobTestSupport.sampleBundle())))
                .hasMessageContaining("is a session-purchase model; user models are of the targets");
        ModelBundle other = BundleLoader.read(tmp.resolve("next-purchase-days").toString());
        other.metadata().featureConfig.sessionTimeoutMillis = 60_000;
        assertThatThrownBy(() -> production.withUserModels(List.of(other)))
                .hasMessageContaining("retrain it with the same settings");
    }
}
