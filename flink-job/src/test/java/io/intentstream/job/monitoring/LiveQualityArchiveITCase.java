package io.intentstream.job.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intentstream.evaluation.Metrics;
import io.intentstream.generator.GroundTruth;
import io.intentstream.job.JobRun;
import io.intentstream.job.JobTestSupport;
import io.intentstream.model.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live quality from the stream against the same figures computed offline from the Parquet archive, in DuckDB: per day
 * window, the sessions whose last event fell in it, not judged bots and scored at least once, each with its last
 * propensity before conversion (docs/monitoring.md). Sessions, conversions, ROC AUC and PR AUC agree exactly (Brier,
 * a sum taken in another order, to 1e-12);
 * every session's label agrees with the generator's ground truth.
 */
class LiveQualityArchiveITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    @TempDir
    Path tmp;

    private record Window(List<Double> scores, List<Boolean> labels) {}

    @Test
    void windowedQualityFromTheStreamEqualsTheArchiveComputedOffline() throws Exception {
        ModelBundle bundle = GeneratedHistory.modelOfTheFirstThreeDays(tmp);
        Path truthFile = tmp.resolve("truth.jsonl");
        Path events = GeneratedHistory.events(tmp, false, truthFile);
        Path archive = tmp.resolve("archive");
        JobRun.Result run = JobRun.of(bundle, "--input", events.toString(), "--archive", archive.toString(),
                "--results", tmp.resolve("results").toString(), "--dead-letters", tmp.resolve("dead-letters").toString(),
                "--checkpoint-dir", tmp.resolve("checkpoints").toUri().toString(), "--checkpoint-interval", "1s")
                .withoutCollectedScores().withConnectorSinks().run("live quality archive IT");

        Map<String, GroundTruth.SessionTruth> truth = GroundTruth.read(truthFile).sessions();
        TreeMap<Long, Window> offline = new TreeMap<>();
        Map<Long, double[]> archived = new HashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT session_id, epoch_ms(date_trunc('day', last_event_time)) AS w,"
                    + " last_propensity_before_conversion, converted FROM read_parquet('" + archive
                    + "/session_outcomes/**/*.parquet', hive_partitioning = true)"
                    + " WHERE NOT judged_bot AND last_propensity_before_conversion IS NOT NULL")) {
                while (rs.next()) {
                    Window w = offline.computeIfAbsent(rs.getLong("w"), k -> new Window(new ArrayList<>(), new ArrayList<>()));
                    w.scores().add((double) rs.getFloat("last_propensity_before_conversion"));
                    w.labels().add(rs.getBoolean("converted"));
                    GroundTruth.SessionTruth t = truth.get(rs.getString("session_id"));
                    assertThat(t).as(rs.getString("session_id")).isNotNull();
                    assertThat(rs.getBoolean("converted")).as("label of " + t.sessionId).isEqualTo(t.converted);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT epoch_ms(window_start) AS w, sessions, conversions, roc_auc, pr_auc, brier"
                    + " FROM read_parquet('" + archive + "/model_quality/**/*.parquet', hive_partitioning = true)")) {
                while (rs.next()) {
                    archived.put(rs.getLong("w"), new double[] {rs.getLong("sessions"), rs.getLong("conversions"),
                        rs.getDouble("roc_auc"), rs.getDouble("pr_auc"), rs.getDouble("brier")});
                }
            }
        }

        assertThat(run.quality()).hasSize(offline.size()).hasSizeGreaterThanOrEqualTo(6);
        StringBuilder figures = new StringBuilder("| window | sessions | roc_auc stream | roc_auc offline |\n| --- | ---: | ---: | ---: |\n");
        for (var q : run.quality()) {
            Window w = offline.get(q.windowStart);
            double[] s = w.scores().stream().mapToDouble(Double::doubleValue).toArray();
            boolean[] y = new boolean[s.length];
            long conversions = 0;
            for (int i = 0; i < y.length; i++) {
                y[i] = w.labels().get(i);
                conversions += y[i] ? 1 : 0;
            }
            double auc = Metrics.rocAuc(s, y);
            assertThat(q.sessions).isEqualTo(s.length);
            assertThat(q.conversions).isEqualTo(conversions);
            assertThat(q.rocAuc).as("ROC AUC of window %d", q.windowStart).isEqualTo(auc);
            assertThat(q.prAuc).isEqualTo(Metrics.prAuc(s, y));
            // A sum, over the sessions in the order the subtasks' partials merged: equal up to rounding.
            assertThat(q.brier).isCloseTo(Metrics.brier(s, y), within(1e-12));
            double[] row = archived.get(q.windowStart);
            assertThat(row).as("model_quality row of window %d", q.windowStart).isNotNull();
            assertThat(row[0]).isEqualTo(q.sessions);
            if (!Double.isNaN(q.rocAuc)) {
                assertThat(row[2]).isEqualTo(q.rocAuc);
            }
            figures.append(String.format("| %tF | %d | %.6f | %.6f |%n", q.windowStart, q.sessions, q.rocAuc, auc));
        }
        Files.createDirectories(Path.of("target/monitoring-figures"));
        Files.writeString(Path.of("target/monitoring-figures/live-quality.md"), figures.toString());
    }
}
