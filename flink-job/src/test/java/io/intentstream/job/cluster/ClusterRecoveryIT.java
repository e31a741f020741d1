package io.intentstream.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFormat;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureSchema;
import io.intentstream.features.SessionState;
import io.intentstream.job.JobTestSupport;
import io.intentstream.testing.external.Await;
import io.intentstream.testing.external.KafkaBroker;
import io.intentstream.model.ModelBundle;
import io.intentstream.replay.EventPartitions;
import io.intentstream.replay.HistoryReplay;
import io.intentstream.replay.ReplayListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar on a real Flink 1.20 cluster of separate JVMs, set up as docs/deployment.md describes
 * (flink-conf/cluster/config.yaml, XGBoost4J in lib/) and submitted with {@code flink run}.
 *
 * <p>The first job reads events from Kafka and writes scores to Kafka exactly-once and to the Parquet
 * archive. A TaskManager is killed with SIGKILL mid-stream, after a checkpoint has committed archive files;
 * a replacement joins, the job restores from the checkpoint and finishes. Every event's score is then in
 * the scores topic once for a {@code read_committed} consumer and in the archive once, with the features a
 * failure-free replay computes, and every session has one outcome. A second job, from files, then runs on
 * the same TaskManagers, as after an upgrade, in a new user-code class loader on each: the native libraries
 * (XGBoost, Snappy) are still loaded once per process. Both jobs score with XGBoost4J.
 */
class ClusterRecoveryIT {
    /** One Kafka partition, and one file, per source reader; see {@link SampleCopies}. */
    private static final int PARALLELISM = 2;
    /** Enough copies of the 17,434-event sample that the job is still running when the first checkpoint completes. */
    private static final int COPIES_PER_FILE = 3;
    private static final String EVENTS = "cluster-events";
    private static final String SCORES = "cluster-scores";
    private static final String OUTCOMES = "cluster-outcomes";
    private static final String DEAD_LETTERS = "cluster-dead-letters";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void killedTaskManagerLosesNoScoreAndTheNextJobReusesTheNativeLibraries() throws Exception {
        Path work = ClusterArtifacts.freshWorkDir("recovery");
        List<Path> inputFiles = SampleCopies.write(JobTestSupport.SAMPLE_EVENTS, Files.createDirectories(work.resolve("input")),
                PARALLELISM, COPIES_PER_FILE);
        Path spill = Files.createDirectories(work.resolve("replay"));
        // The failure-free reference, computed while the cluster works.
        CompletableFuture<Replayed> replay = CompletableFuture.supplyAsync(() -> Replayed.of(inputFiles, spill));
        Path archive = work.resolve("out/archive");

        try (KafkaBroker kafka = new KafkaBroker().start();
                FlinkProcessCluster cluster = FlinkProcessCluster.builder(work.resolve("cluster"))
                        .lib(ClusterArtifacts.flinkLibWithXGBoost())
                        .configTemplate(JobTestSupport.REPO.resolve("flink-conf/cluster/config.yaml"))
                        // One slot per TaskManager: the job spans both, so the survivor of the kill restarts its part.
                        .set("taskmanager.numberOfTaskSlots", "1")
                        .set("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString())
                        .set("restart-strategy.type", "fixed-delay")
                        .set("restart-strategy.fixed-delay.attempts", "20")
                        .set("restart-strategy.fixed-delay.delay", "2 s")
                        // A killed TaskManager is noticed at once through its refused heartbeat RPCs; the timeout
                        // only bounds how long a silent one goes unnoticed, long enough for a busy build machine.
                        .set("heartbeat.interval", "2 s")
                        .set("heartbeat.timeout", "30 s")
                        .taskManagers(2)
                        .start()) {
            FlinkProcessCluster.TaskManager killed = cluster.taskManagers().get(0);
            FlinkProcessCluster.TaskManager survivor = cluster.taskManagers().get(1);
            kafka.createTopics(PARALLELISM, EVENTS, SCORES, OUTCOMES, DEAD_LETTERS);
            kafka.produce(events(inputFiles));

            String job = cluster.submit(ClusterArtifacts.jobJar(), List.of("-p", String.valueOf(PARALLELISM)), jobArgs(archive,
                    "--source", "kafka",
                    "--kafka-bootstrap-servers", kafka.bootstrapServers(),
                    "--kafka-topics", EVENTS,
                    "--kafka-starting-offsets", "earliest",
                    "--kafka-bounded",
                    "--kafka-scores-topic", SCORES,
                    "--kafka-outcomes-topic", OUTCOMES,
                    "--kafka-dead-letters-topic", DEAD_LETTERS,
                    "--delivery", "exactly-once",
                    "--kafka-transactional-id-prefix", "cluster-recovery",
                    // Both readers progress together: a busy machine must not get one declared idle and its
                    // events late.
                    "--source-idleness", "1h"));
            Await.value(Duration.ofMinutes(3), "a completed checkpoint with committed archive files", () -> {
                assertThat(cluster.jobState(job)).as("job state before the kill; %s", cluster.failureCause(job))
                        .isIn("INITIALIZING", "CREATED", "RUNNING");
                return cluster.checkpointCounts(job).path("completed").asLong() >= 1 && !committedFiles(archive.resolve("scores")).isEmpty();
            });
            long archivedBeforeKill = countRows(archive.resolve("scores"));
            cluster.kill(killed);
            FlinkProcessCluster.TaskManager replacement = cluster.startTaskManager();

            String end = cluster.awaitTermination(job, Duration.ofMinutes(4));
            assertThat(end).as("final state; last failure: %s", cluster.failureCause(job)).isEqualTo("FINISHED");
            Replayed expected = replay.join();
            assertThat(archivedBeforeKill).as("scores committed when the TaskManager was killed").isLessThan(expected.features.size());
            assertThat(cluster.checkpointCounts(job).path("restored").asLong()).as("restores from a checkpoint").isGreaterThanOrEqualTo(1);

            assertArchiveHoldsEachScoreOnceWithReplayFeatures(archive.resolve("scores"), expected);
            assertOneOutcomePerSession(archive.resolve("session_outcomes"), expected);
            // Kafka acknowledges the final commit before read_committed consumers can see past it: read until
            // the topics catch up, then require exact counts.
            Await.until(Duration.ofMinutes(2), "the committed scores and outcomes topics to catch up",
                    () -> kafka.readAll(SCORES, true).size() >= expected.features.size()
                            && kafka.readAll(OUTCOMES, true).size() >= expected.sessions);
            // As many records as events, and each event among them: so each exactly once.
            List<String> topicIds = eventIds(kafka.readAll(SCORES, true));
            assertThat(topicIds).as("records in the scores topic, read_committed").hasSize(expected.features.size());
            assertThat(new HashSet<>(topicIds)).as("event ids in the scores topic").isEqualTo(expected.features.keySet());
            assertThat(kafka.readAll(OUTCOMES, true)).as("session outcomes in the topic, read_committed").hasSize((int) expected.sessions);
            // read_uncommitted: not even an aborted attempt rejected an event.
            assertThat(kafka.readAll(DEAD_LETTERS, false)).as("dead letters").isEmpty();

            // The next job gets a new user-code class loader on each TaskManager. XGBoost4J and Snappy load
            // their native libraries from a fresh temp file in every class loader that loads them; from lib/,
            // parent-first (flink-conf/cluster/config.yaml), that happens once per process.
            Path next = work.resolve("out-next-job");
            String nextJob = cluster.submit(ClusterArtifacts.jobJar(), List.of("-p", String.valueOf(PARALLELISM)),
                    jobArgs(next.resolve("archive"),
                            "--input", JobTestSupport.SAMPLE_EVENTS.toAbsolutePath().toString(),
                            "--results", next.resolve("results").toString(),
                            "--dead-letters", next.resolve("dead-letters").toString()));
            assertThat(cluster.awaitTermination(nextJob, Duration.ofMinutes(3))).as("next job; %s", cluster.failureCause(nextJob))
                    .isEqualTo("FINISHED");
            assertThat(countRows(next.resolve("archive/scores"))).as("next job's scores").isPositive();
            for (FlinkProcessCluster.TaskManager tm : List.of(survivor, replacement)) {
                assertThat(tm.tempFiles("libxgboost4j*.so")).as("XGBoost native copies in %s", tm.id).hasSize(1);
                assertThat(tm.tempFiles("snappy-*libsnappyjava.so")).as("Snappy native copies in %s", tm.id).hasSize(1);
            }
        }
    }

    /** The input files as Kafka messages, file {@code i} on partition {@code i}, so each partition is in time order. */
    private static List<ProducerRecord<String, String>> events(List<Path> files) throws IOException {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int partition = 0; partition < files.size(); partition++) {
            List<String> lines = Files.readAllLines(files.get(partition));
            for (String line : lines.subList(1, lines.size())) {
                records.add(new ProducerRecord<>(EVENTS, partition, null, line));
            }
        }
        return records;
    }

    private static List<String> jobArgs(Path archive, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--input-format", "rees46",
                "--model", JobTestSupport.SAMPLE_BUNDLE.toAbsolutePath().toString(),
                // The path with native code, which is what a cluster can break: for the sample bundle the
                // default (auto) picks the pure-Java evaluator and loads no native library.
                "--scorer", "xgboost4j",
                "--archive", archive.toString(),
                "--checkpoint-interval", "2s"));
        args.addAll(Arrays.asList(more));
        return args;
    }

    private static List<String> eventIds(List<ConsumerRecord<String, String>> records) throws IOException {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            ids.add(JSON.readTree(r.value()).path("event_id").asText());
        }
        return ids;
    }

    /** What the trainer's replay of the same input computes: each event's features, and the sessions. */
    private static final class Replayed {
        final Map<String, float[]> features = new HashMap<>();
        long sessions;
        long converted;

        static Replayed of(List<Path> files, Path spill) {
            try {
                return replay(files, JobTestSupport.sampleBundle(), spill);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }

        private static Replayed replay(List<Path> files, ModelBundle bundle, Path spill) throws Exception {
            Replayed r = new Replayed();
            // The job applies on arrival (its default); each user's events arrive in file order on one partition,
            // and user history makes features depend on that order across a user's sessions at equal times.
            HistoryReplay replay = new HistoryReplay(bundle.metadata().featureConfig.toConfig(), ApplyOrder.ARRIVAL);
            ReplayListener listener = new ReplayListener() {
                @Override
                public void applied(ClickEvent event, SessionState session, float[] features) {
                    r.features.put(event.eventId, features.clone());
                }

                @Override
                public void sessionClosed(SessionState session) {
                    r.sessions++;
                    r.converted += session.converted() ? 1 : 0;
                }
            };
            for (Path file : files) {
                try (EventPartitions history = EventPartitions.read(file, EventFormat.REES46_CSV, ValidationRules.defaults(),
                        Integer.MAX_VALUE, 1, spill)) {
                    for (List<ClickEvent> partition : history.partitions()) {
                        replay.replay(partition, listener);
                    }
                }
            }
            return r;
        }
    }

    private static void assertArchiveHoldsEachScoreOnceWithReplayFeatures(Path scores, Replayed expected) throws SQLException {
        List<String> names = FeatureSchema.names();
        String columns = names.stream().map(n -> "f_" + n).collect(Collectors.joining(", "));
        Map<String, Integer> rowsPerEvent = new HashMap<>();
        List<String> mismatches = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet r = st.executeQuery("SELECT event_id, " + columns + " FROM " + parquet(scores))) {
            while (r.next()) {
                String id = r.getString(1);
                rowsPerEvent.merge(id, 1, Integer::sum);
                float[] archived = new float[names.size()];
                for (int i = 0; i < archived.length; i++) {
                    float v = r.getFloat(i + 2);
                    archived[i] = r.wasNull() ? Float.NaN : v;
                }
                float[] replayed = expected.features.get(id);
                if (replayed != null && !Arrays.equals(archived, replayed) && mismatches.size() < 5) {
                    mismatches.add(id + ": archive " + Arrays.toString(archived) + ", replay " + Arrays.toString(replayed));
                }
            }
        }
        assertThat(rowsPerEvent.keySet()).as("events in the archive").isEqualTo(expected.features.keySet());
        assertThat(rowsPerEvent.entrySet().stream().filter(e -> e.getValue() > 1).limit(5).collect(Collectors.toList()))
                .as("events archived more than once").isEmpty();
        assertThat(mismatches).as("features that differ from the replay").isEmpty();
    }

    private static void assertOneOutcomePerSession(Path outcomes, Replayed expected) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet r = st.executeQuery("SELECT count(*), count(DISTINCT user_id || '/' || session_id), sum(event_count),"
                        + " count(*) FILTER (WHERE converted) FROM " + parquet(outcomes))) {
            r.next();
            assertThat(r.getLong(1)).as("session outcome rows").isEqualTo(expected.sessions);
            assertThat(r.getLong(2)).as("distinct sessions").isEqualTo(expected.sessions);
            assertThat(r.getLong(3)).as("events over all sessions").isEqualTo(expected.features.size());
            assertThat(r.getLong(4)).as("converted sessions").isEqualTo(expected.converted);
        }
    }

    private static String parquet(Path table) {
        return "read_parquet('" + table + "/**/*.parquet', hive_partitioning = true)";
    }

    private static long countRows(Path table) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet r = st.executeQuery("SELECT count(*) FROM " + parquet(table))) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Committed part files: in-progress and pending files are hidden (dot) files until their checkpoint completes. */
    private static List<Path> committedFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .collect(Collectors.toList());
        }
    }
}
