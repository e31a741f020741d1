package io.intentstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.model.TrainedModels.Trained;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * XGBoostScorer stops at the same round as JavaTreeScorer, in single-row and batch prediction alike, and
 * both score a batch in a reused, larger buffer as they score its rows one by one.
 */
class XGBoostScorerRoundsTest {

    @Test
    void batchMarginsCountRoundsNotTreesWhenEachRoundHasSeveralTrees() {
        Map<String, Object> params = TrainedModels.params(3, 0.3);
        params.put("num_parallel_tree", 4);
        params.put("subsample", 0.7);
        Trained forest = TrainedModels.trainEarlyStopping(params, 1500, 100, 3, 51);
        float[][] rows = TrainedModels.rows(500, TrainedModels.FEATURES, 52, 0.2);

        try (XGBoostScorer xgboost = new XGBoostScorer(forest.bundle())) {
            float[] batch = xgboost.marginBatch(TrainedModels.flatten(rows), rows.length);

            assertThat(batch).containsExactly(TrainedModels.inplaceMargins(forest, rows));
            assertThat(JavaTreeScorerTest.differences(JavaTreeScorer.fromBundle(forest.bundle()), rows, batch)).isEmpty();
            for (int r = 0; r < 20; r++) {
                assertThat(JavaTreeScorer.sigmoid(batch[r])).isCloseTo(xgboost.predict(rows[r]),
                        org.assertj.core.data.Offset.offset(1e-6f));
            }
        } finally {
            forest.booster().dispose();
        }
    }

    @Test
    void bestIterationRecordedInTheModelIsHonouredWhenBundleJsonHasNone() {
        Trained early = TrainedModels.trainEarlyStopping(TrainedModels.params(4, 0.3), 1500, 200, 3, 61);
        assertThat(early.bestIteration()).isLessThan(early.roundsInModel() - 1);
        float[][] rows = TrainedModels.rows(300, TrainedModels.FEATURES, 62, 0.2);

        ModelBundle withoutBest = TrainedModels.bundle(early.json(), null, TrainedModels.FEATURES);
        try (XGBoostScorer xgboost = new XGBoostScorer(withoutBest)) {
            float[] batch = xgboost.marginBatch(TrainedModels.flatten(rows), rows.length);

            assertThat(batch).containsExactly(TrainedModels.inplaceMargins(early, rows));
            assertThat(JavaTreeScorerTest.differences(JavaTreeScorer.fromBundle(withoutBest), rows, batch)).isEmpty();
        } finally {
            early.booster().dispose();
        }
    }

    @Test
    void aBatchInALargerReusedBufferScoresLikeItsRowsOneByOne() {
        Trained model = TrainedModels.trainEarlyStopping(TrainedModels.params(4, 0.3), 1500, 60, 3, 71);
        float[][] rows = TrainedModels.rows(200, TrainedModels.FEATURES, 72, 0.2);
        float[] buffer = java.util.Arrays.copyOf(TrainedModels.flatten(rows), (rows.length + 56) * TrainedModels.FEATURES);
        java.util.Arrays.fill(buffer, rows.length * TrainedModels.FEATURES, buffer.length, 1e6f);

        try (XGBoostScorer xgboost = new XGBoostScorer(model.bundle());
                JavaTreeScorer java = JavaTreeScorer.fromBundle(model.bundle())) {
            for (PropensityScorer scorer : new PropensityScorer[] {xgboost, java}) {
                float[] out = new float[rows.length + 56];
                scorer.predictBatch(buffer, rows.length, TrainedModels.FEATURES, out);
                for (int r = 0; r < rows.length; r++) {
                    assertThat(out[r]).as("%s row %d", scorer.name(), r).isEqualTo(scorer.predict(rows[r]));
                }
                assertThat(out[rows.length]).as("past the batch").isZero();
            }
        } finally {
            model.booster().dispose();
        }
    }
}
