package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intentstream.events.ApplyOrder;
import io.intentstream.events.EventFormat;
import io.intentstream.events.ValidationRules;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.PrefixScorer;
import io.intentstream.model.PropensityScorer;
import io.intentstream.model.XGBoostScorer;
import io.intentstream.replay.EventPartitions;
import io.intentstream.replay.HistoryReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on the real REES46 sample, on a MiniCluster with parallelism 2 and RocksDB: its features and
 * scores equal the trainer's replay of the same file in the same order (arrival order, the default, against a
 * replay in line order; event-time order against the time-ordered replay), and its Parquet archive reads back
 * in DuckDB with one row per score and one per session.
 */
class ScoringJobITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    @TempDir
    static Path tmp;

    private static List<ScoreRecord> scores;
    private static List<SessionOutcome> outcomes;
    private static List<DeadLetter> deadLetters;
    private static ModelBundle bundle;

    @BeforeAll
    static void runJobOnTheSample() throws Exception {
        bundle = JobTestSupport.sampleBundle();
        JobRun.Result run = JobRun.of(bundle,
                "--input", JobTestSupport.SAMPLE_EVENTS.toString(),
                "--input-format", "rees46",
                "--checkpoint-dir", tmp.resolve("checkpoints").toUri().toString(),
                "--checkpoint-interval", "1s",
                "--results", tmp.resolve("results").toString(),
                "--archive", tmp.resolve("archive").toString(),
                "--dead-letters", tmp.resolve("dead-letters").toString())
                .withConnectorSinks().run("scoring job IT");
        scores = run.scores();
        outcomes = run.outcomes();
        deadLetters = run.deadLetters();
    }

    @Test
    void everyEventIsScoredOnceExceptExactDuplicates() {
        // 17,434 rows; 5 repeat an earlier row's content (3 distinct duplicated rows, one of them three times).
        assertThat(scores).hasSize(17_429);
        assertThat(scores.stream().map(s -> s.eventId).distinct().count()).isEqualTo(17_429);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void inArrivalOrderFeaturesEqualAndScoresAgreeWithAReplayInFileOrder() throws Exception {
        assertParity(scores, replay(ApplyOrder.ARRIVAL));
    }

    @Test
    void inEventTimeOrderFeaturesEqualAndScoresAgreeWithTheTimeOrderedReplay() throws Exception {
        JobRun.Result eventTime = JobRun.of(bundle,
                "--input", JobTestSupport.SAMPLE_EVENTS.toString(), "--input-format", "rees46", "--apply-order", "event-time",
                "--checkpoint-dir", tmp.resolve("checkpoints-event-time").toUri().toString()).run("scoring job IT, event time");
        assertParity(eventTime.scores(), replay(ApplyOrder.EVENT_TIME));
    }

    /** The trainer's replay of the sample: the feature vector of every applied event, by id. */
    private static Map<String, float[]> replay(ApplyOrder order) throws Exception {
        try (EventPartitions history = EventPartitions.read(JobTestSupport.SAMPLE_EVENTS, EventFormat.REES46_CSV,
                ValidationRules.defaults(), Integer.MAX_VALUE, 1, tmp)) {
            return new HistoryReplay(bundle.metadata().featureConfig.toConfig(), order).featuresByEventId(history.partitions());
        }
    }

    private static void assertParity(List<ScoreRecord> scores, Map<String, float[]> replayFeatures) {
        assertThat(scores.stream().map(s -> s.eventId).collect(Collectors.toSet())).isEqualTo(replayFeatures.keySet());
        // The sample bundle reads the first 26 features (session-features-1), as the job scores it.
        try (PropensityScorer scorer = PrefixScorer.forEngineRows(new XGBoostScorer(bundle), bundle.metadata())) {
            for (ScoreRecord s : scores) {
                float[] expected = replayFeatures.get(s.eventId);
                assertThat(Arrays.equals(s.features, expected))
                        .as("features of %s: job %s, replay %s", s.eventId, Arrays.toString(s.features), Arrays.toString(expected))
                        .isTrue();
                assertThat((double) s.propensity).as("score of %s", s.eventId).isCloseTo(scorer.predict(expected), within(1e-6));
            }
        }
    }

    @Test
    void everySessionClosesOnceWithItsOutcome() {
        Set<String> sessionIds = scores.stream().map(s -> s.userId + "/" + s.sessionId).collect(Collectors.toSet());
        assertThat(outcomes).hasSize(sessionIds.size());
        assertThat(outcomes.stream().map(o -> o.userId + "/" + o.sessionId).collect(Collectors.toSet())).isEqualTo(sessionIds);
        assertThat(outcomes.stream().filter(o -> o.converted).count()).isEqualTo(200);
        assertThat(outcomes.stream().mapToInt(o -> o.eventCount).sum()).isEqualTo(scores.size());
    }

    @Test
    void archiveReadsBackInDuckDbWithOneRowPerScoreAndPerSession() throws Exception {
        Path archive = tmp.resolve("archive");
        try (Stream<Path> files = Files.walk(archive)) {
            List<String> names = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).collect(Collectors.toList());
            assertThat(names).as("no in-progress or pending files").noneMatch(n -> n.startsWith("."));
            assertThat(names).anyMatch(n -> n.endsWith(".parquet"));
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            String scoresGlob = archive.resolve("scores").toString() + "/**/*.parquet";
            try (ResultSet r = st.executeQuery("SELECT count(*), count(DISTINCT event_id), min(event_hour), max(event_hour),"
                    + " count(f_event_count), avg(propensity) FROM read_parquet('" + scoresGlob + "', hive_partitioning = true)")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(scores.size());
                assertThat(r.getLong(2)).isEqualTo(scores.size());
                assertThat(r.getString(3)).isEqualTo("00");
                assertThat(r.getString(4)).isEqualTo("02");
                assertThat(r.getLong(5)).isEqualTo(scores.size());
                assertThat(r.getDouble(6)).isCloseTo(scores.stream().mapToDouble(s -> s.propensity).average().orElseThrow(), within(1e-6));
            }
            String outcomesGlob = archive.resolve("session_outcomes").toString() + "/**/*.parquet";
            try (ResultSet r = st.executeQuery("SELECT count(*), count(DISTINCT user_id || '/' || session_id), sum(CASE WHEN converted THEN 1 ELSE 0 END)"
                    + " FROM read_parquet('" + outcomesGlob + "', hive_partitioning = true)")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(outcomes.size());
                assertThat(r.getLong(2)).isEqualTo(outcomes.size());
                assertThat(r.getLong(3)).isEqualTo(200);
            }
        }
    }

    @Test
    void resultsAreJsonLinesWithOneLinePerScore() throws Exception {
        long lines;
        Set<String> ids = new HashSet<>();
        try (Stream<Path> files = Files.walk(tmp.resolve("results"))) {
            List<Path> parts = files.filter(Files::isRegularFile).collect(Collectors.toList());
            assertThat(parts).allMatch(p -> p.getFileName().toString().endsWith(".jsonl"));
            lines = 0;
            for (Path p : parts) {
                for (String line : Files.readAllLines(p)) {
                    lines++;
                    var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                    assertThat(node.fieldNames()).toIterable().containsExactly("event_id", "session_id", "user_id",
                            "event_time", "scored_at", "model_version", "arm", "propensity");
                    ids.add(node.get("event_id").asText());
                }
            }
        }
        assertThat(lines).isEqualTo(scores.size());
        assertThat(ids).hasSize(scores.size());
    }
}
