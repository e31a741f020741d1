package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.intentstream.features.FeatureSchema;
import io.intentstream.model.PropensityScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluate step scores the test rows, and only them, and reports the metrics of what it was given. */
class EvaluateStepTest {
    /** Feature that carries a row's number, so the scorer can tell which rows it was asked about. */
    private static final int ROW_ID = 1;

    /** Returns the row's {@link SyntheticExamples#SIGNAL} as its probability and remembers which rows it scored. */
    private static final class SignalScorer implements PropensityScorer {
        final List<Integer> scoredRows = new ArrayList<>();

        @Override
        public float predict(float[] features) {
            scoredRows.add((int) features[ROW_ID]);
            return features[SyntheticExamples.SIGNAL];
        }

        @Override
        public String name() {
            return "signal";
        }

        @Override
        public void close() {}
    }

    /**
     * Eight sessions of two rows; with quantile 0.5 the last four are test. Their (first row, last row) scores
     * and labels: s4 (0.2, 0.9) converts, s5 (0.1, 0.8) not, s6 (0.3, 0.7) converts, s7 (0.5, 0.6) not; s4 and
     * s7 have a cart at their last row.
     */
    private static ExampleSet eightSessions() {
        float[][] scores = {{0.5f, 0.5f}, {0.5f, 0.5f}, {0.5f, 0.5f}, {0.5f, 0.5f},
            {0.2f, 0.9f}, {0.1f, 0.8f}, {0.3f, 0.7f}, {0.5f, 0.6f}};
        return SyntheticExamples.build(8, 2, s -> s % 2 == 0, (s, r, f) -> {
            f[SyntheticExamples.SIGNAL] = scores[s][r];
            f[ROW_ID] = 2 * s + r;
            f[FeatureSchema.CART_COUNT] = r == 1 && (s == 4 || s == 7) ? 1 : 0;
        });
    }

    @Test
    void metricsAreThoseOfTheTestRowsAndOfEachTestSessionsLastRow() {
        SignalScorer scorer = new SignalScorer();
        try (ExampleSet examples = eightSessions()) {
            TemporalSplit split = TemporalSplit.of(examples, 0.5, 0);
            Map<String, Map<String, Double>> m = EvaluateStep.run(examples, split, scorer, null).metrics();

            assertThat(scorer.scoredRows).containsExactly(8, 9, 10, 11, 12, 13, 14, 15);
            assertThat(m).containsOnlyKeys("test_events", "test_sessions", "baseline_has_cart_test_events",
                    "baseline_has_cart_test_sessions");
            // Converting rows 0.2, 0.9, 0.3, 0.7 against 0.1, 0.8, 0.5, 0.6: 9 of 16 pairs ranked right.
            assertThat(m.get("test_events")).containsEntry("roc_auc", 9 / 16.0).containsEntry("examples", 8.0)
                    .containsEntry("positives", 4.0);
            // Sessions by last row: 0.9, 0.7 against 0.8, 0.6: 3 of 4 pairs.
            assertThat(m.get("test_sessions")).containsEntry("roc_auc", 0.75).containsEntry("examples", 4.0)
                    .containsEntry("positives", 2.0);
            assertThat(m.get("test_sessions").get("log_loss"))
                    .isCloseTo(-(Math.log(0.9) + Math.log(0.7) + Math.log(1 - 0.8) + Math.log(1 - 0.6)) / 4, within(1e-6));
            // Has-cart on sessions: 1, 0 for the converting, 0, 1 for the others: one pair right, two tied.
            assertThat(m.get("baseline_has_cart_test_sessions")).containsEntry("roc_auc", 0.5)
                    .containsEntry("examples", 4.0);
            // Has-cart on events: converting rows {0, 1, 0, 0} against {0, 0, 0, 1}: 3 pairs right, 3 wrong, 10 tied.
            assertThat(m.get("baseline_has_cart_test_events")).containsEntry("roc_auc", 0.5).containsEntry("examples", 8.0);
        }
    }

    @Test
    void testRowsBeyondOneScoringChunkAreEachScoredOnceInOrder() {
        // Half of the sessions are test, two rows each: one full scoring chunk and 1,000 rows more.
        int sessions = EvaluateStep.EVALUATION_CHUNK_ROWS + 1_000;
        SignalScorer scorer = new SignalScorer();
        try (ExampleSet examples = SyntheticExamples.build(sessions, 2, s -> s % 3 == 0, (s, r, f) -> {
            f[SyntheticExamples.SIGNAL] = s % 3 == 0 ? 0.75f : 0.25f;
            f[ROW_ID] = 2 * s + r;
        })) {
            TemporalSplit split = TemporalSplit.of(examples, 0.5, 0);
            Map<String, Map<String, Double>> m = EvaluateStep.run(examples, split, scorer, null).metrics();

            int firstTestRow = sessions; // row 0 of session sessions / 2
            List<Integer> expected = new ArrayList<>();
            for (int r = firstTestRow; r < 2 * sessions; r++) {
                expected.add(r);
            }
            assertThat(scorer.scoredRows).isEqualTo(expected);
            assertThat(m.get("test_events")).containsEntry("roc_auc", 1.0).containsEntry("examples", (double) sessions);
        }
    }
}
