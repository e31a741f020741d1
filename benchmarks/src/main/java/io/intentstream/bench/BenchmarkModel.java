package io.intentstream.bench;

import io.intentstream.model.BundleMetadata;
import io.intentstream.model.ModelBundle;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The model the scoring benchmarks score: {@value #TREES} trees of depth {@value #DEPTH} over {@value #FEATURES}
 * features, {@code binary:logistic}, trained on synthetic rows with one thread and fixed seeds so every run
 * scores the same trees; plus rows to score, about 15% of their values missing.
 */
final class BenchmarkModel {
    static final int FEATURES = 30;
    static final int TREES = 300;
    static final int DEPTH = 6;
    private static final int TRAINING_ROWS = 10_000;

    final ModelBundle bundle;
    /** Rows to score, drawn like the training rows but not among them. */
    final float[][] rows;

    private BenchmarkModel(ModelBundle bundle, float[][] rows) {
        this.bundle = bundle;
        this.rows = rows;
    }

    static BenchmarkModel train(int scoringRows) {
        float[][] training = rows(TRAINING_ROWS, 1);
        float[] labels = labels(training, 2);
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "binary:logistic");
        params.put("tree_method", "hist");
        params.put("max_depth", DEPTH);
        params.put("eta", 0.1);
        params.put("nthread", 1);
        params.put("seed", 3);
        try {
            DMatrix matrix = new DMatrix(flatten(training), training.length, FEATURES, Float.NaN);
            matrix.setLabel(labels);
            Booster booster = XGBoost.train(matrix, params, TREES, new HashMap<>(), null, null);
            byte[] json = booster.toByteArray("json");
            booster.dispose();
            matrix.dispose();
            BundleMetadata metadata = new BundleMetadata();
            metadata.formatVersion = BundleMetadata.UNCALIBRATED_FORMAT_VERSION;
            metadata.modelVersion = "benchmark-300x6";
            metadata.objective = "binary:logistic";
            for (int f = 0; f < FEATURES; f++) {
                metadata.featureNames.add("f" + f);
            }
            return new BenchmarkModel(new ModelBundle(metadata, json), rows(scoringRows, 4));
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not train the benchmark model: " + e.getMessage(), e);
        }
    }

    /** Session-like features: counts, heavy-tailed durations, ratios, signed values; 15% missing. */
    private static float[][] rows(int count, long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[count][FEATURES];
        for (float[] row : rows) {
            for (int f = 0; f < FEATURES; f++) {
                if (random.nextDouble() < 0.15) {
                    row[f] = Float.NaN;
                    continue;
                }
                row[f] = switch (f % 4) {
                    case 0 -> random.nextInt(30);
                    case 1 -> (float) Math.exp(random.nextGaussian() * 2);
                    case 2 -> random.nextFloat();
                    default -> (float) random.nextGaussian();
                };
            }
        }
        return rows;
    }

    /** Labels that depend on many features with interactions and noise, so all trees grow to full depth. */
    private static float[] labels(float[][] rows, long seed) {
        Random random = new Random(seed);
        float[] labels = new float[rows.length];
        for (int r = 0; r < rows.length; r++) {
            double s = random.nextGaussian();
            for (int f = 0; f + 1 < FEATURES; f += 2) {
                float a = rows[r][f];
                float b = rows[r][f + 1];
                s += Float.isNaN(a) ? 0.3 : Math.sin(a) * 0.4;
                s += Float.isNaN(b) ? -0.2 : (b > 1 ? 0.3 : -0.1) * (Float.isNaN(a) ? 1 : Math.signum(a - 0.5));
            }
            labels[r] = s > 0 ? 1f : 0f;
        }
        return labels;
    }

    static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * FEATURES];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * FEATURES, FEATURES);
        }
        return flat;
    }
}
