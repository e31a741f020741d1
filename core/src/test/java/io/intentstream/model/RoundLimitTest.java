package io.intentstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.model.TrainedModels.Trained;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One round-limit rule for both scorers: bundle.json's best_iteration, else the model's, else every round. */
class RoundLimitTest {
    private static Trained early;

    @BeforeAll
    static void train() {
        early = TrainedModels.trainEarlyStopping(TrainedModels.params(4, 0.3), 1500, 200, 3, 61);
    }

    @AfterAll
    static void release() {
        early.booster().dispose();
    }

    @Test
    void bundleJsonsBestIterationWinsOverTheModels() {
        assertThat(RoundLimit.roundsToEvaluate(3, 7, 10)).isEqualTo(4);
    }

    @Test
    void theModelsBestIterationCountsWhenBundleJsonHasNone() {
        assertThat(RoundLimit.roundsToEvaluate(null, 7, 10)).isEqualTo(8);
    }

    @Test
    void withoutAnyBestIterationEveryRoundCounts() {
        assertThat(RoundLimit.roundsToEvaluate(null, null, 10)).isEqualTo(10);
        assertThat(RoundLimit.roundsToEvaluate(null, null, 0)).isZero();
    }

    @Test
    void aBestIterationThatIsNotARoundOfTheModelIsRefused() {
        assertThatThrownBy(() -> RoundLimit.roundsToEvaluate(10, null, 10)).isInstanceOf(BundleException.class)
                .hasMessage("best_iteration 10 is outside the model's 10 rounds");
        assertThatThrownBy(() -> RoundLimit.roundsToEvaluate(null, -1, 10)).isInstanceOf(BundleException.class)
                .hasMessage("best_iteration -1 is outside the model's 10 rounds");
        assertThat(RoundLimit.roundsToEvaluate(9, null, 10)).isEqualTo(10);
    }

    @Test
    void bothScorersRefuseABundleWhoseBestIterationIsPastTheModelsLastRound() {
        ModelBundle pastTheEnd = TrainedModels.bundle(early.json(), early.roundsInModel(), TrainedModels.FEATURES);
        String reason = "best_iteration " + early.roundsInModel() + " is outside the model's " + early.roundsInModel()
                + " rounds";

        assertThatThrownBy(() -> new XGBoostScorer(pastTheEnd)).isInstanceOf(BundleException.class)
                .hasMessageContaining(reason);
        assertThatThrownBy(() -> JavaTreeScorer.fromBundle(pastTheEnd)).isInstanceOf(BundleException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void bothScorersEvaluateTheRoundsTheRuleGives() {
        float[][] rows = TrainedModels.rows(200, TrainedModels.FEATURES, 63, 0.2);
        for (Integer best : new Integer[] {null, 0, early.bestIteration(), early.roundsInModel() - 1}) {
            ModelBundle bundle = TrainedModels.bundle(early.json(), best, TrainedModels.FEATURES);
            int rounds = RoundLimit.roundsToEvaluate(best, early.bestIteration(), early.roundsInModel());
            try (XGBoostScorer xgboost = new XGBoostScorer(bundle); JavaTreeScorer java = JavaTreeScorer.fromBundle(bundle)) {
                assertThat(java.roundsUsed()).as("best %s", best).isEqualTo(rounds);
                float[] margins = xgboost.marginBatch(TrainedModels.flatten(rows), rows.length);
                assertThat(JavaTreeScorerTest.differences(java, rows, margins)).as("best %s", best).isEmpty();
            }
        }
    }
}
