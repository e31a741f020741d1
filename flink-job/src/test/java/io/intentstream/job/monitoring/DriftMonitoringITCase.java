package io.intentstream.job.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.job.JobRun;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.records.DriftRow;
import io.intentstream.job.records.QualityRow;
import io.intentstream.model.ModelBundle;
import io.intentstream.monitoring.Psi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift in the stream on generated traffic, with a model trained on the three days before a strong drift (prices x2,
 * intent -1.5 log-odds, 90% mobile): daily windows see the moved price features cross 0.25 after the drift and stay
 * below 0.1 before it, unmoved counts stay below 0.1 throughout, and live quality shows the model predicting more
 * conversions than happen. Without drift, six days of daily windows stay below 0.1 on every monitored value despite
 * the shop's daily cycle, which hourly windows do not. The figures go to target/monitoring-figures/drift.md.
 */
class DriftMonitoringITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    @TempDir
    static Path tmp;

    private static ModelBundle bundle;
    private static JobRun.Result drift;
    private static JobRun.Result noDrift;

    @BeforeAll
    static void runTheJobOverSixDays() throws Exception {
        bundle = GeneratedHistory.modelOfTheFirstThreeDays(tmp);
        drift = run(GeneratedHistory.events(tmp, true), "drift", "1d");
        noDrift = run(GeneratedHistory.events(tmp, false), "no-drift", "1d");
    }

    static JobRun.Result run(Path events, String name, String window) throws Exception {
        return JobRun.of(bundle, "--input", events.toString(), "--monitoring-window", window,
                "--checkpoint-dir", tmp.resolve("checkpoints-" + name).toUri().toString())
                .withoutCollectedScores().run("drift monitoring IT " + name);
    }

    /** The six generated days; the seventh window holds only the tails of the last sessions. */
    private static boolean inTheSixDays(long windowStart) {
        return Instant.ofEpochMilli(windowStart).isBefore(GeneratedHistory.END);
    }

    /** PSI by window start, for one value. */
    private static TreeMap<Instant, Double> psi(JobRun.Result run, String feature) {
        return run.drift().stream().filter(r -> r.feature.equals(feature) && inTheSixDays(r.windowStart))
                .collect(Collectors.toMap(r -> Instant.ofEpochMilli(r.windowStart), r -> r.psi, (a, b) -> a, TreeMap::new));
    }

    @Test
    void movedPriceFeaturesDriftAfterTheDriftAndNotBefore() throws Exception {
        writeFigures();
        for (String feature : List.of("price", "mean_view_price")) {
            TreeMap<Instant, Double> byWindow = psi(drift, feature);
            assertThat(byWindow).as(feature).hasSize(6);
            assertThat(byWindow.headMap(GeneratedHistory.DRIFT_AT).values()).as(feature + " before the drift")
                    .allSatisfy(p -> assertThat(p).isLessThan(Psi.MODERATE));
            assertThat(byWindow.tailMap(GeneratedHistory.DRIFT_AT).values()).as(feature + " after the drift")
                    .allSatisfy(p -> assertThat(p).isGreaterThan(Psi.SIGNIFICANT));
        }
        // The maximum moves less: the most expensive product viewed is often the same product class either way.
        TreeMap<Instant, Double> max = psi(drift, "max_view_price");
        assertThat(max.headMap(GeneratedHistory.DRIFT_AT).values()).allSatisfy(p -> assertThat(p).isLessThan(Psi.MODERATE));
        assertThat(max.tailMap(GeneratedHistory.DRIFT_AT).values()).allSatisfy(p -> assertThat(p).isGreaterThan(Psi.MODERATE));
    }

    @Test
    void unmovedCountsStayStable() {
        for (String feature : List.of("event_count", "view_count", "distinct_products", "distinct_categories")) {
            assertThat(psi(drift, feature).values()).as(feature).allSatisfy(p -> assertThat(p).isLessThan(Psi.MODERATE));
        }
    }

    /**
     * The last propensity before conversion runs about twice the session conversion rate even on the training days
     * (the model predicts from every prefix of a session, the last one included); after the intent shift the ratio
     * more than doubles again, while the propensity's own PSI stays near 0.1.
     */
    @Test
    void afterTheIntentShiftTheModelPredictsMoreConversionsThanHappen() {
        // In window order: the rows arrive in whatever order the merge emitted them.
        List<QualityRow> days = drift.quality().stream().filter(q -> inTheSixDays(q.windowStart))
                .sorted(Comparator.comparingLong(q -> q.windowStart)).toList();
        assertThat(days).hasSize(6);
        double worstBefore = days.subList(0, 3).stream().mapToDouble(q -> q.meanPredicted / q.observedRate).max().orElseThrow();
        assertThat(days.subList(3, 6)).allSatisfy(q -> {
            assertThat(q.meanPredicted).isGreaterThan(q.observedRate);
            assertThat(q.meanPredicted / q.observedRate).isGreaterThan(2 * worstBefore);
        });
    }

    @Test
    void withoutDriftDailyWindowsStayStableOnEveryMonitoredValueDespiteTheDailyCycle() {
        List<DriftRow> sixDays = noDrift.drift().stream().filter(r -> inTheSixDays(r.windowStart)).toList();
        assertThat(sixDays).hasSize(6 * (bundle.metadata().referenceDistributions.features.size() + 1));
        assertThat(sixDays).allSatisfy(r -> assertThat(r.psi).as(r.feature + " " + Instant.ofEpochMilli(r.windowStart))
                .isLessThan(Psi.MODERATE));
    }

    @Test
    void hourlyWindowsWouldAlarmWithoutDrift() throws Exception {
        JobRun.Result hourly = run(tmp.resolve("no-drift.jsonl"), "hourly", "1h");
        long alarming = hourly.drift().stream().filter(r -> inTheSixDays(r.windowStart))
                .filter(r -> r.feature.equals("propensity") && r.psi >= Psi.MODERATE).map(r -> r.windowStart).distinct().count();
        long windows = hourly.drift().stream().filter(r -> inTheSixDays(r.windowStart)).map(r -> r.windowStart).distinct().count();
        Files.writeString(figures().resolve("hourly.md"), "Without drift, hourly windows: " + alarming + " of " + windows
                + " have propensity PSI >= 0.1\n");
        assertThat(alarming).as("hourly windows with propensity PSI >= 0.1, no drift").isGreaterThan(windows / 10);
    }

    private static Path figures() throws Exception {
        return Files.createDirectories(Path.of("target/monitoring-figures"));
    }

    private static void writeFigures() throws Exception {
        StringBuilder sb = new StringBuilder("| scenario | feature |");
        List<Instant> windows = drift.drift().stream().map(r -> Instant.ofEpochMilli(r.windowStart)).distinct().sorted().toList();
        windows.forEach(w -> sb.append(' ').append(w.toString(), 5, 10).append(" |"));
        sb.append('\n').append("| --- | --- |").append(" ---: |".repeat(windows.size())).append('\n');
        for (var run : Map.of("drift", drift, "no drift", noDrift).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            Map<String, List<DriftRow>> byFeature = run.getValue().drift().stream()
                    .collect(Collectors.groupingBy(r -> r.feature, TreeMap::new, Collectors.toList()));
            byFeature.forEach((feature, rows) -> {
                sb.append("| ").append(run.getKey()).append(" | ").append(feature).append(" |");
                rows.stream().sorted(Comparator.comparingLong(r -> r.windowStart))
                        .forEach(r -> sb.append(String.format(" %.3f |", r.psi)));
                sb.append('\n');
            });
        }
        sb.append("\n| scenario | window | sessions | conversions | roc_auc | pr_auc | brier | mean predicted | observed |\n")
                .append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (var run : List.of(Map.entry("drift", drift), Map.entry("no drift", noDrift))) {
            run.getValue().quality().stream().sorted(Comparator.comparingLong(q -> q.windowStart)).forEach(q -> sb.append(
                    String.format("| %s | %s | %d | %d | %.4f | %.4f | %.4f | %.4f | %.4f |%n", run.getKey(),
                            Instant.ofEpochMilli(q.windowStart).toString().substring(0, 10), q.sessions, q.conversions,
                            q.rocAuc, q.prAuc, q.brier, q.meanPredicted, q.observedRate)));
        }
        sb.append("\nbundle test_sessions roc_auc: ").append(bundle.metadata().metrics.get("test_sessions").get("roc_auc"))
                .append('\n');
        Files.writeString(figures().resolve("drift.md"), sb.toString());
    }
}
