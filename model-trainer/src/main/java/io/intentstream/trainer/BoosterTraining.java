package io.intentstream.trainer;

import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Trains an XGBoost binary classifier with early stopping on a validation set; native errors get context. */
public final class BoosterTraining {
    private BoosterTraining() {}

    public static DMatrix matrix(float[] rows, float[] labels, int width) {
        try {
            DMatrix m = new DMatrix(rows, labels.length, width, Float.NaN);
            m.setLabel(labels);
            return m;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not build a matrix of " + labels.length + " rows x " + width
                    + " features: " + e.getMessage(), e);
        }
    }

    /**
     * Trains for up to {@code rounds} rounds; with a validation matrix, stops after {@code earlyStoppingRounds}
     * rounds without improvement of its log loss (the booster then records {@code best_iteration}).
     */
    public static Booster train(Map<String, Object> params, DMatrix train, DMatrix validation, int rounds, int earlyStoppingRounds) {
        // XGBoost4J stops early on the last entry of the watch map, so validation goes last.
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train);
        if (validation != null) {
            watches.put("validation", validation);
        }
        try {
            float[][] history = new float[watches.size()][rounds];
            return XGBoost.train(train, params, rounds, watches, history, null, null,
                    validation == null ? 0 : earlyStoppingRounds);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training failed with parameters " + params + ": " + e.getMessage(), e);
        }
    }

    /** The best round recorded by early stopping, or the last round. */
    public static int bestIteration(Booster booster) {
        try {
            String best = booster.getAttr("best_iteration");
            return best != null ? Integer.parseInt(best) : booster.getNumBoostedRound() - 1;
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot read best_iteration from the booster: " + e.getMessage(), e);
        }
    }

    /** The rounds the booster holds, including those after the best iteration. */
    public static int rounds(Booster booster) {
        try {
            return booster.getNumBoostedRound();
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot read the number of rounds from the booster: " + e.getMessage(), e);
        }
    }

    public static byte[] toJson(Booster booster) {
        try {
            return booster.toByteArray("json");
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot serialise the booster as JSON: " + e.getMessage(), e);
        }
    }
}
