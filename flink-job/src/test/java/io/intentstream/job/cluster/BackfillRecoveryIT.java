package io.intentstream.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFormat;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.FeatureSchema;
import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import io.intentstream.generator.OutputTarget;
import io.intentstream.job.JobTestSupport;
import io.intentstream.replay.EventPartitions;
import io.intentstream.replay.HistoryReplay;
import io.intentstream.testing.external.Await;
import io.intentstream.trainer.ExampleCollector;
import io.intentstream.trainer.ExampleSet;
import io.intentstream.trainer.TemporalSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The backfill from the shaded job jar ({@code flink run ... --mode backfill}) on a cluster of two TaskManagers in
 * separate JVMs, one of which is killed with SIGKILL while the job runs. BATCH execution re-runs what the lost
 * TaskManager held, and the file sink commits only at the end: the examples are complete, with no duplicates, and
 * split at the trainer's cutoff.
 */
class BackfillRecoveryIT {
    private static final int PARALLELISM = 2;

    @Test
    void aKilledTaskManagerLeavesTheExamplesCompleteAndWithoutDuplicates() throws Exception {
        Path work = ClusterArtifacts.freshWorkDir("backfill-recovery");
        Path events = Files.createDirectories(work.resolve("input")).resolve("events.jsonl");
        // Enough events that the job still runs when the kill comes on a busy machine.
        new ClickstreamGenerator(GeneratorConfig.from(GeneratorOptions.defaults().with(GeneratorOptions.SEED, 5L)
                .with(GeneratorOptions.USERS, 100_000).with(GeneratorOptions.DURATION, Duration.ofDays(10))
                .with(GeneratorOptions.MAX_EVENTS, 1_500_000L))).writeTo(OutputTarget.file(events, false), null);
        Path output = work.resolve("out");

        try (FlinkProcessCluster cluster = FlinkProcessCluster.builder(work.resolve("cluster"))
                .lib(ClusterArtifacts.flinkLib())
                .configTemplate(JobTestSupport.REPO.resolve("flink-conf/cluster/config.yaml"))
                // One slot per TaskManager, and no automatic parallelism: the job spans both TaskManagers.
                .set("taskmanager.numberOfTaskSlots", "1")
                .set("execution.batch.adaptive.auto-parallelism.enabled", "false")
                .set("restart-strategy.type", "fixed-delay")
                .set("restart-strategy.fixed-delay.attempts", "20")
                .set("restart-strategy.fixed-delay.delay", "2 s")
                .set("heartbeat.interval", "2 s")
                .set("heartbeat.timeout", "30 s")
                .taskManagers(2)
                .start()) {
            String job = cluster.submit(ClusterArtifacts.jobJar(), List.of("-p", String.valueOf(PARALLELISM)), List.of(
                    "--mode", "backfill", "--input", events.toString(), "--format", "json", "--output", output.toString()));
            Await.value(Duration.ofMinutes(3), "the backfill to have read part of its input", () -> {
                assertThat(cluster.jobState(job)).as("job state before the kill; %s", cluster.failureCause(job))
                        .isIn("INITIALIZING", "CREATED", "RUNNING");
                return recordsRead(cluster.rest("/jobs/" + job)) > 100_000;
            });
            cluster.kill(cluster.taskManagers().get(0));
            cluster.startTaskManager();

            String end = cluster.awaitTermination(job, Duration.ofMinutes(6));
            assertThat(end).as("final state; last failure: %s", cluster.failureCause(job)).isEqualTo("FINISHED");
            assertThat(cluster.failureCause(job)).as("the failure the kill caused").isNotEqualTo("(none)");
        }

        Expected expected = trainersExamples(events, work.resolve("replay"));
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT user_id || '/' || session_id || '/'"
                    + " || epoch_ms(session_start) || '/' || row_index), count(DISTINCT event_id) FROM read_parquet('"
                    + output.resolve("examples") + "/**/*.parquet', hive_partitioning = true)")) {
                rs.next();
                assertThat(rs.getLong(1)).as("examples").isEqualTo(expected.rows);
                assertThat(rs.getLong(2)).as("distinct examples").isEqualTo(expected.rows);
                assertThat(rs.getLong(3)).as("distinct event ids").isEqualTo(expected.rows);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*), min(epoch_ms(cutoff)) FROM read_parquet('"
                    + output.resolve("split") + "/*.parquet')")) {
                rs.next();
                assertThat(rs.getLong(1)).as("split rows").isEqualTo(1);
                assertThat(rs.getLong(2)).as("cutoff").isEqualTo(expected.cutoff);
            }
        }
        try (var files = Files.walk(output)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no in-progress files").noneMatch(n -> n.startsWith("."));
        }
    }

    /** Records read by the job's vertices so far (REST job details). */
    private static long recordsRead(JsonNode job) {
        long read = 0;
        for (JsonNode vertex : job.path("vertices")) {
            read += vertex.path("metrics").path("read-records").asLong() + vertex.path("metrics").path("write-records").asLong();
        }
        return read;
    }

    private record Expected(long rows, long cutoff) {}

    /** The trainer's examples of the same file (event-time order, default options) and its cutoff. */
    private static Expected trainersExamples(Path events, Path spill) throws Exception {
        Files.createDirectories(spill);
        try (ExampleSet set = new ExampleSet(FeatureSchema.SIZE);
                EventPartitions history = EventPartitions.read(events, EventFormat.JSON, ValidationRules.defaults(),
                        500_000, 16, spill)) {
            ExampleCollector collector = new ExampleCollector(set);
            HistoryReplay replay = new HistoryReplay(FeatureConfig.defaults(), ApplyOrder.EVENT_TIME);
            for (List<ClickEvent> partition : history.partitions()) {
                replay.replay(partition, collector);
                collector.partitionDone();
            }
            return new Expected(set.rows(), TemporalSplit.of(set, 0.8, 0.15).cutoff());
        }
    }
}
