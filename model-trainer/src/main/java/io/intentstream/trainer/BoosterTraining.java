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

    /** The hyper-parameters, validated before any native call so mistakes fail with a readable message. */
    public static Map<String, Object> parameters(
            int maxDepth, double eta, double minChildWeight, double subsample, double colsampleByTree, double lambda,
            int threads, long seed, Map<String, String> extra) {
        require(maxDepth >= 1 && maxDepth <= 16, "max-depth must be in 1..16, got " + maxDepth);
        require(eta > 0 && eta <= 1, "eta must be in (0, 1], got " + eta);
        require(minChildWeight >= 0, "min-child-weight must be >= 0, got " + minChildWeight);
        require(subsample > 0 && subsample <= 1, "subsample must be in (0, 1], got " + subsample);
        require(colsampleByTree > 0 && colsampleByTree <= 1, "colsample-bytree must be in (0, 1], got " + colsampleByTree);
        require(lambda >= 0, "lambda must be >= 0, got " + lambda);
        require(threads >= 1, "threads must be >= 1, got " + threads);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", "binary:logistic");
        p.put("tree_method", "hist");
        p.put("eval_metric", "logloss");
        p.put("max_depth", maxDepth);
        p.put("eta", eta);
        p.put("min_child_weight", minChildWeight);
        p.put("subsample", subsample);
        p.put("colsample_bytree", colsampleByTree);
        p.put("lambda", lambda);
        p.put("nthread", threads);
        p.put("seed", seed);
        for (Map.Entry<String, String> en : extra.entrySet()) {
            require(!en.getKey().equals("objective"), "the objective is fixed to binary:logistic");
            p.put(en.getKey(), en.getValue());
        }
        return p;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

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

    public static byte[] toJson(Booster booster) {
        try {
            return booster.toByteArray("json");
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot serialise the booster as JSON: " + e.getMessage(), e);
        }
    }
}
