package io.intentstream.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Test fixture: small XGBoost models trained here with XGBoost4J (one thread, fixed seeds, so every run
 * trains the same trees), the rows to score them on, and XGBoost4J's own margins for those rows.
 */
final class TrainedModels {
    static final int FEATURES = 30;

    private TrainedModels() {}

    /** A trained booster, its JSON, the round limit it must be scored with and its trees per round. */
    record Trained(Booster booster, byte[] json, Integer bestIteration, int treesPerRound, float[][] trainingRows) {
        int roundsInModel() {
            try {
                return booster.getNumBoostedRound();
            } catch (XGBoostError e) {
                throw new IllegalStateException(e);
            }
        }

        ModelBundle bundle() {
            return TrainedModels.bundle(json, bestIteration, trainingRows[0].length);
        }
    }

    /** Parameters every test model shares; callers add or override. */
    static Map<String, Object> params(int maxDepth, double eta) {
        Map<String, Object> p = new HashMap<>();
        p.put("objective", "binary:logistic");
        p.put("tree_method", "hist");
        p.put("max_depth", maxDepth);
        p.put("eta", eta);
        p.put("nthread", 1);
        p.put("seed", 7);
        p.put("eval_metric", "logloss");
        return p;
    }

    /**
     * Rows like session features: counts (integers, so many rows sit exactly on a split threshold), durations
     * spanning orders of magnitude, ratios in [0, 1], signed values; about 15% missing.
     */
    static float[][] rows(int count, int features, long seed, double missingRate) {
        Random random = new Random(seed);
        float[][] rows = new float[count][features];
        for (float[] row : rows) {
            for (int f = 0; f < features; f++) {
                if (random.nextDouble() < missingRate) {
                    row[f] = Float.NaN;
                    continue;
                }
                row[f] = switch (f % 4) {
                    case 0 -> random.nextInt(20);
                    case 1 -> (float) Math.exp(random.nextGaussian() * 3);
                    case 2 -> random.nextFloat();
                    default -> (float) (random.nextGaussian() * 5);
                };
            }
        }
        return rows;
    }

    /** Labels with interactions, missing-value effects and noise, so trees grow deep and use default sides. */
    static float[] labels(float[][] rows, long seed) {
        Random random = new Random(seed);
        float[] labels = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            float[] x = rows[r];
            double s = -0.5;
            s += nanOr(x[0], 3) > 5 ? 1.0 : -0.3;
            s += Math.log1p(nanOr(x[1], 0)) * 0.4 * (nanOr(x[2], 0.5f) - 0.4);
            s += Float.isNaN(x[3]) ? 0.8 : x[3] * 0.15;
            s += nanOr(x[4], 0) * nanOr(x[7], 0) * 0.05;
            s += x.length > 10 && Float.isNaN(x[10]) ? -0.7 : 0;
            s += random.nextGaussian() * 0.8;
            labels[r] = s > 0 ? 1f : 0f;
        }
        return labels;
    }

    private static float nanOr(float v, float fallback) {
        return Float.isNaN(v) ? fallback : v;
    }

    static DMatrix matrix(float[][] rows, float[] labels) {
        try {
            DMatrix m = new DMatrix(flatten(rows), rows.length, rows[0].length, Float.NaN);
            if (labels != null) {
                m.setLabel(labels);
            }
            return m;
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trains for exactly {@code rounds} rounds, no watch list (so the model records no best_iteration). */
    static Trained train(Map<String, Object> params, int rows, int rounds, long seed) {
        float[][] x = rows(rows, FEATURES, seed, 0.15);
        DMatrix train = matrix(x, labels(x, seed + 1));
        try {
            Booster booster = XGBoost.train(train, params, rounds, new HashMap<>(), null, null);
            train.dispose();
            return new Trained(booster, booster.toByteArray("json"), null, treesPerRound(params), x);
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Trains with a validation set and early stopping, as the trainer does; the model keeps the rounds after
     * the best one and records {@code best_iteration}.
     */
    static Trained trainEarlyStopping(Map<String, Object> params, int rows, int maxRounds, int patience, long seed) {
        float[][] x = rows(rows, FEATURES, seed, 0.15);
        float[][] v = rows(rows / 2, FEATURES, seed + 100, 0.15);
        DMatrix train = matrix(x, labels(x, seed + 1));
        DMatrix validation = matrix(v, labels(v, seed + 101));
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train);
        // XGBoost4J stops on the last watch.
        watches.put("validation", validation);
        try {
            Booster booster = XGBoost.train(train, params, maxRounds, watches, new float[2][maxRounds], null, null,
                    patience);
            train.dispose();
            validation.dispose();
            int best = Integer.parseInt(booster.getAttr("best_iteration"));
            return new Trained(booster, booster.toByteArray("json"), best, treesPerRound(params), x);
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    private static int treesPerRound(Map<String, Object> params) {
        Object p = params.get("num_parallel_tree");
        return p == null ? 1 : ((Number) p).intValue();
    }

    /** XGBoost4J's margins through a DMatrix and {@code Booster.predict}, whose limit counts trees. */
    static float[] dmatrixMargins(Trained model, float[][] rows) {
        return dmatrixPredict(model, rows, true);
    }

    static float[] dmatrixProbabilities(Trained model, float[][] rows) {
        return dmatrixPredict(model, rows, false);
    }

    private static float[] dmatrixPredict(Trained model, float[][] rows, boolean margin) {
        DMatrix m = matrix(rows, null);
        try {
            int treeLimit = model.bestIteration() == null ? 0 : (model.bestIteration() + 1) * model.treesPerRound();
            return column(model.booster().predict(m, margin, treeLimit));
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        } finally {
            m.dispose();
        }
    }

    /** XGBoost4J's margins through {@code inplace_predict}, whose range counts rounds. */
    static float[] inplaceMargins(Trained model, float[][] rows) {
        try {
            int end = model.bestIteration() == null ? 0 : model.bestIteration() + 1;
            return column(model.booster().inplace_predict(flatten(rows), rows.length, rows[0].length, Float.NaN,
                    new int[] {0, end}, Booster.PredictionType.kMargin, null));
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    static ModelBundle bundle(byte[] json, Integer bestIteration, int features) {
        BundleMetadata m = new BundleMetadata();
        m.formatVersion = BundleMetadata.CURRENT_FORMAT_VERSION;
        m.modelVersion = "test-model";
        m.objective = "binary:logistic";
        m.bestIteration = bestIteration;
        for (int f = 0; f < features; f++) {
            m.featureNames.add("f" + f);
        }
        return new ModelBundle(m, json);
    }

    /** Rows of values that stress comparisons: signed zeros, denormals, the largest floats, mixed with NaN. */
    static float[][] extremeRows(int count, int features, long seed) {
        float[] values = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, -1e-30f, 1e30f,
            -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 19f, 20f, 0.5f, Float.NaN};
        Random random = new Random(seed);
        float[][] rows = new float[count][features];
        for (float[] row : rows) {
            for (int f = 0; f < features; f++) {
                row[f] = values[random.nextInt(values.length)];
            }
        }
        return rows;
    }

    static float[][] concat(float[][]... parts) {
        List<float[]> all = new ArrayList<>();
        for (float[][] part : parts) {
            all.addAll(List.of(part));
        }
        return all.toArray(new float[0][]);
    }

    static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * rows[r].length, rows[r].length);
        }
        return flat;
    }

    private static float[] column(float[][] predictions) {
        float[] out = new float[predictions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = predictions[i][0];
        }
        return out;
    }
}
