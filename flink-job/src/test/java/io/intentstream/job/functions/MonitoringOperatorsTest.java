package io.intentstream.job.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intentstream.evaluation.Metrics;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.records.DriftPartial;
import io.intentstream.job.records.DriftRow;
import io.intentstream.job.records.QualityPartial;
import io.intentstream.job.records.QualityRow;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.monitoring.DriftLayout;
import io.intentstream.monitoring.ReferenceDistribution;
import io.intentstream.monitoring.ReferenceDistributions;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The drift and live-quality operators under Flink's harnesses: partials leave a subtask only when the watermark
 * completes their window (and survive a restore until then), the merge reports each window once with every subtask's
 * counts, and both give their state and timers back when a window is done.
 */
class MonitoringOperatorsTest {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    /** Midnight UTC, the start of a day window. */
    private static final long DAY_1 = 1_569_888_000_000L;
    private static final long DAY_2 = DAY_1 + DAY;

    /** References for price (uniform 0..99) and the propensity (uniform 0..1). */
    private static DriftLayout layout() {
        double[] price = new double[1000];
        double[] p = new double[1000];
        for (int i = 0; i < 1000; i++) {
            price[i] = i % 100;
            p[i] = i / 1000.0;
        }
        ReferenceDistributions refs = new ReferenceDistributions();
        refs.features.put("price", ReferenceDistribution.fromSample(price, 10));
        refs.propensity = ReferenceDistribution.fromSample(p, 10);
        return DriftLayout.of(refs, FeatureSchema.names());
    }

    private static ScoreRecord score(long at, double price, float propensity) {
        ScoreRecord s = new ScoreRecord();
        s.modelVersion = "m1";
        s.eventTime = at;
        s.propensity = propensity;
        s.features = new float[FeatureSchema.SIZE];
        Arrays.fill(s.features, Float.NaN);
        s.features[FeatureSchema.PRICE] = (float) price;
        return s;
    }

    private static OneInputStreamOperatorTestHarness<ScoreRecord, DriftPartial> partials() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new DriftPartials(layout(), DAY));
    }

    @Test
    void aSubtaskSendsAWindowsPartialOnlyOnceTheWatermarkCompletesIt() throws Exception {
        try (var h = partials()) {
            h.open();
            for (int i = 0; i < 100; i++) {
                h.processElement(score(DAY_1 + i * 1000L, i, i / 100f), DAY_1 + i * 1000L);
            }
            h.processElement(score(DAY_2 + 5, 50, 0.5f), DAY_2 + 5);
            h.processWatermark(DAY_2 - 2);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(DAY_2 - 1);
            List<DriftPartial> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).windowStart).isEqualTo(DAY_1);
            assertThat(out.get(0).windowEnd).isEqualTo(DAY_2);
            assertThat(out.get(0).counts.events).isEqualTo(100);
            assertThat(((DriftPartials) h.getOperator()).openPartials()).isEqualTo(1);
        }
    }

    @Test
    void openPartialsSurviveARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = partials()) {
            h.open();
            h.processElement(score(DAY_1 + 1, 10, 0.1f), DAY_1 + 1);
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = partials()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(score(DAY_1 + 2, 20, 0.2f), DAY_1 + 2);
            restored.processWatermark(Long.MAX_VALUE);
            List<DriftPartial> out = restored.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).counts.events).isEqualTo(2);
            assertThat(((DriftPartials) restored.getOperator()).openPartials()).isZero();
        }
    }

    private static DriftPartial partial(long windowStart, int events, double priceFactor) throws Exception {
        try (var h = partials()) {
            h.open();
            for (int i = 0; i < events; i++) {
                h.processElement(score(windowStart + i, (i % 100) * priceFactor, (i % 100) / 100f), windowStart + i);
            }
            h.processWatermark(Long.MAX_VALUE);
            return h.extractOutputValues().get(0);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, DriftPartial, DriftRow> driftMerge() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new DriftMerge(layout(), DAY)),
                p -> p.group, Types.STRING);
    }

    @Test
    void theMergeReportsEachWindowOnceWithEverySubtasksCountsAndForgetsIt() throws Exception {
        try (var h = driftMerge()) {
            h.open();
            h.processElement(partial(DAY_1, 600, 1.0), DAY_2 - 1);
            h.processElement(partial(DAY_1, 400, 1.0), DAY_2 - 1);
            h.processElement(partial(DAY_2, 1000, 2.0), DAY_2 + DAY - 1);
            assertThat(h.numEventTimeTimers()).isEqualTo(2);
            h.processWatermark(DAY_2 - 1);

            List<DriftRow> rows = h.extractOutputValues();
            assertThat(rows).extracting(r -> r.feature).containsExactly("price", "propensity");
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.events).isEqualTo(1000);
                assertThat(r.windowStart).isEqualTo(DAY_1);
                assertThat(r.psi).isLessThan(0.01);
                assertThat(r.level).isEqualTo("stable");
            });
            // One window still open, and the per-version streak of drifted windows.
            assertThat(h.numEventTimeTimers()).isEqualTo(1);

            h.processWatermark(DAY_2 + DAY - 1);
            List<DriftRow> all = h.extractOutputValues();
            DriftRow price2 = all.get(2);
            assertThat(price2.feature).isEqualTo("price");
            assertThat(price2.psi).isGreaterThan(0.25);
            assertThat(price2.level).isEqualTo("significant");
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).as("only the streak of drifted windows is kept").isEqualTo(1);

            // A partial of a window already reported is dropped, not reported again.
            h.processElement(partial(DAY_1, 10, 1.0), DAY_2 - 1);
            h.processWatermark(Long.MAX_VALUE);
            assertThat(h.extractOutputValues()).hasSize(4);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    private static SessionOutcome outcome(long lastEvent, float propensity, boolean converted) {
        SessionOutcome o = new SessionOutcome();
        o.modelVersion = "m1";
        o.lastEventTime = lastEvent;
        o.firstEventTime = lastEvent - 60_000;
        o.lastPropensityBeforeConversion = propensity;
        o.converted = converted;
        return o;
    }

    @Test
    void liveQualityWaitsForTheWindowsSessionsToCloseAndEqualsTheOfflineMetrics() throws Exception {
        long settle = DAY + 5_000;
        float[] p = {0.9f, 0.2f, 0.6f, 0.1f, 0.4f};
        boolean[] y = {true, false, true, false, false};
        QualityPartial partial;
        try (var h = new OneInputStreamOperatorTestHarness<SessionOutcome, QualityPartial>(new QualityPartials(DAY, settle))) {
            h.open();
            for (int i = 0; i < p.length; i++) {
                h.processElement(outcome(DAY_1 + i * HOUR, p[i], y[i]), DAY_1 + i * HOUR);
            }
            SessionOutcome bot = outcome(DAY_1, 0.5f, false);
            bot.judgedBot = true;
            h.processElement(bot, DAY_1);
            h.processElement(outcome(DAY_1, Float.NaN, true), DAY_1);
            h.processWatermark(DAY_2 - 1);
            h.processWatermark(DAY_2 - 1 + settle - 1);
            assertThat(h.extractOutputValues()).as("sessions ending in the window may still close").isEmpty();
            h.processWatermark(DAY_2 - 1 + settle);
            partial = h.extractOutputValues().get(0);
        }
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, QualityPartial, QualityRow>(
                new KeyedProcessOperator<>(new QualityMerge(DAY, settle, "m1", 0.7)), q -> q.group, Types.STRING)) {
            h.open();
            h.processElement(partial, DAY_2 - 1 + settle);
            h.processWatermark(DAY_2 - 1 + settle);
            QualityRow row = h.extractOutputValues().get(0);
            double[] pd = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                pd[i] = p[i];
            }
            assertThat(row.sessions).as("bot and unscored sessions left out").isEqualTo(5);
            assertThat(row.conversions).isEqualTo(2);
            assertThat(row.rocAuc).isEqualTo(Metrics.rocAuc(pd, y)).isEqualTo(1.0);
            assertThat(row.brier).isEqualTo(Metrics.brier(pd, y));
            assertThat(row.meanPredicted).isCloseTo(2.2 / 5, within(1e-6));
            assertThat(row.observedRate).isCloseTo(0.4, within(1e-12));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
