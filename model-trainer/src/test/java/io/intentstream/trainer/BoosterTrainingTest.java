package io.intentstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/**
 * The trainer's own round loop (one update and evaluation per round, for the progress bar and the curve) against
 * XGBoost4J's {@code XGBoost.train}: the same booster, byte for byte, the same best round and the same curve.
 */
class BoosterTrainingTest {
    private static final int WIDTH = 6;

    private static float[] rows(int n, long seed) {
        Random random = new Random(seed);
        float[] rows = new float[n * WIDTH];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = random.nextDouble() < 0.1 ? Float.NaN : (float) random.nextGaussian();
        }
        return rows;
    }

    private static float[] labels(float[] rows, long seed) {
        Random random = new Random(seed);
        float[] labels = new float[rows.length / WIDTH];
        for (int r = 0; r < labels.length; r++) {
            float x = rows[r * WIDTH];
            double s = (Float.isNaN(x) ? 0.5 : x) + 0.5 * random.nextGaussian();
            labels[r] = s > 0.8 ? 1f : 0f;
        }
        return labels;
    }

    private static Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>(SyntheticExamples.hyperParameters(200, 5).boosterParams());
        p.put("eta", 0.3);
        p.put("subsample", 0.7);
        return p;
    }

    @Test
    void theRoundLoopTrainsWhatXGBoostTrainTrainsAndKeepsItsCurve() throws Exception {
        float[] trainRows = rows(3000, 1);
        float[] validationRows = rows(800, 2);
        DMatrix train = BoosterTraining.matrix(trainRows, labels(trainRows, 3), WIDTH);
        DMatrix validation = BoosterTraining.matrix(validationRows, labels(validationRows, 4), WIDTH);
        try {
            BoosterTraining.Boosted ours = BoosterTraining.train(params(), train, validation, 200, 5);

            Map<String, DMatrix> watches = new LinkedHashMap<>();
            watches.put("train", train);
            watches.put("validation", validation);
            float[][] history = new float[2][200];
            Booster theirs = XGBoost.train(train, params(), 200, watches, history, null, null, 5);
            try {
                int rounds = theirs.getNumBoostedRound();
                // Early stopping stopped both before the limit, at the same round.
                assertThat(rounds).isLessThan(200);
                assertThat(ours.roundsRun()).isEqualTo(rounds);
                assertThat(ours.booster().getAttr("best_iteration")).isEqualTo(theirs.getAttr("best_iteration"));
                assertThat(ours.booster().getAttr("best_score")).isEqualTo(theirs.getAttr("best_score"));
                assertThat(BoosterTraining.toJson(ours.booster())).isEqualTo(BoosterTraining.toJson(theirs));
                for (int r = 0; r < rounds; r++) {
                    assertThat(ours.trainHistory()[r]).isEqualTo(history[0][r]);
                    assertThat(ours.validationHistory()[r]).isEqualTo(history[1][r]);
                }
                assertThat(ours.metric()).isEqualTo("logloss");
            } finally {
                theirs.dispose();
                ours.booster().dispose();
            }
        } finally {
            train.dispose();
            validation.dispose();
        }
    }

    @Test
    void withoutValidationEveryRoundRunsAndTheCurveIsTheTrainSides() throws Exception {
        float[] trainRows = rows(500, 5);
        DMatrix train = BoosterTraining.matrix(trainRows, labels(trainRows, 6), WIDTH);
        try {
            BoosterTraining.Boosted boosted = BoosterTraining.train(params(), train, null, 12, 5);
            try {
                assertThat(boosted.roundsRun()).isEqualTo(12);
                assertThat(boosted.booster().getNumBoostedRound()).isEqualTo(12);
                assertThat(boosted.validationHistory()).isNull();
                assertThat(boosted.trainHistory()[11]).isLessThan(boosted.trainHistory()[0]);
            } finally {
                boosted.booster().dispose();
            }
        } finally {
            train.dispose();
        }
    }

    @Test
    void theMetricNameIsReadFromTheEvaluationLine() {
        assertThat(BoosterTraining.metric("[3]\ttrain-logloss:0.52\tvalidation-logloss:0.55", "train")).isEqualTo("logloss");
        assertThat(BoosterTraining.metric("[0]\ttrain-auc:0.7", "train")).isEqualTo("auc");
    }
}
