package io.intentstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.model.TrainedModels.Trained;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** XGBoostScorer stops at the same round as JavaTreeScorer, in single-row and batch prediction alike. */
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
}
