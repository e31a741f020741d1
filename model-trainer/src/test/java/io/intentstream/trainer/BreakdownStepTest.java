package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.evaluation.Metrics;
import io.intentstream.features.FeatureSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's breakdown: AUC after k events, session-level slices and their buckets. */
class BreakdownStepTest {
    @Test
    void bucketsSortInTheirNaturalOrder() {
        assertThat(List.of(1, 2, 3, 5, 6, 10, 11, 20, 21, 400).stream().map(BreakdownStep::lengthBucket).toList())
                .containsExactly("01", "02", "03-05", "03-05", "06-10", "06-10", "11-20", "11-20", "21+", "21+");
        assertThat(BreakdownStep.hourBucket(0)).isEqualTo("00-05 h");
        assertThat(BreakdownStep.hourBucket(23)).isEqualTo("18-23 h");
    }

    /**
     * Twenty sessions of three rows; even sessions convert. Row r of session s has event count r + 1 and score
     * {@code (s % 4 + r) / 10}; sessions below 10 start at hour 1, the others at hour 13.
     */
    @Test
    void aucAfterKEventsAndSlicesAreThoseOfTheirRows() {
        try (ExampleSet examples = SyntheticExamples.build(20, 3, s -> s % 2 == 0, (s, r, f) -> {
            f[FeatureSchema.EVENT_COUNT] = r + 1;
            f[FeatureSchema.HOUR_OF_DAY] = s < 10 ? 1 : 13;
            f[FeatureSchema.CART_COUNT] = s % 3 == 0 ? 1 : 0;
        })) {
            int n = examples.rows();
            int[] rows = new int[n];
            double[] p = new double[n];
            boolean[] labels = new boolean[n];
            boolean[] last = new boolean[n];
            double[] cart = new double[n];
            for (int i = 0; i < n; i++) {
                rows[i] = i;
                int s = examples.sessionOf(i);
                p[i] = (s % 4 + i % 3) / 10.0;
                labels[i] = examples.label(i);
                last[i] = examples.isLastOfSession(i);
                cart[i] = examples.feature(i, FeatureSchema.CART_COUNT);
            }
            EvaluateStep.TestScores scores = new EvaluateStep.TestScores(rows, p, p, null, labels, last, cart);
            Map<String, Object> out = BreakdownStep.run(examples, scores,
                    new TrainStep.History("logloss", new float[] {0.6f, 0.5f}, new float[] {0.65f, 0.6f}), 1, List.of());

            List<Map<String, Object>> early = ReportStep.list(out.get("auc_by_events_seen"));
            Map<String, Object> afterOne = early.get(0);
            assertThat(afterOne).containsEntry("events", 1).containsEntry("examples", 20).containsEntry("converted", 10L);
            assertThat((Double) afterOne.get("roc_auc")).isEqualTo(Metrics.rocAuc(every(p, 0), every(labels, 0)));
            // Nobody reaches a fifth event.
            assertThat(early.get(3)).containsEntry("events", 5).containsEntry("examples", 0).containsEntry("roc_auc", null);

            List<String> hours = new ArrayList<>();
            for (Map<String, Object> slice : ReportStep.list(out.get("slices"))) {
                if (slice.get("dimension").equals("hour_of_day")) {
                    hours.add(slice.get("value") + ":" + slice.get("sessions"));
                }
                if (slice.get("dimension").equals("session_length")) {
                    assertThat(slice).containsEntry("value", "03-05").containsEntry("sessions", 20);
                }
                if (slice.get("dimension").equals("device")) {
                    assertThat(slice).containsEntry("value", ExampleSet.UNKNOWN);
                }
            }
            assertThat(hours).containsExactly("00-05 h:10", "12-17 h:10");
            assertThat(ReportStep.map(out.get("boosting"))).containsEntry("metric", "logloss");
        }
    }

    private static double[] every(double[] values, int offset) {
        double[] out = new double[values.length / 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[3 * i + offset];
        }
        return out;
    }

    private static boolean[] every(boolean[] values, int offset) {
        boolean[] out = new boolean[values.length / 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[3 * i + offset];
        }
        return out;
    }
}
