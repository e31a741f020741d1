package io.intentstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds and reads the reference batch of a bundle: feature rows with the margins XGBoost4J computed for
 * them, against which another scorer proves at load time that it computes exactly what XGBoost computes.
 */
public final class ReferenceBatches {
    /** Values that stress float comparisons and sums: signed zeros, tiny and huge magnitudes. */
    private static final float[] SPECIAL_VALUES = {
        0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, -1e-30f, 1e30f, -1e30f,
        Float.MAX_VALUE, -Float.MAX_VALUE
    };

    private ReferenceBatches() {}

    /** Seed of the probe rows the trainer adds, fixed so the same model always gets the same batch. */
    private static final long PROBE_SEED = 17L;

    /**
     * The reference batch the trainer stores: {@code exampleRows} (real feature rows, e.g. spread over the
     * test period) followed by {@code probeRows} rows from {@link #syntheticRows} that hit the model's split
     * thresholds, the floats next to them, missing values and extremes. Margins come from the bundle's
     * booster through XGBoost4J. No probes are added for a model the Java evaluator cannot read.
     */
    public static BundleMetadata.ReferenceBatch build(ModelBundle bundle, List<float[]> exampleRows, int probeRows) {
        List<float[]> rows = new ArrayList<>(exampleRows);
        if (probeRows > 0) {
            JavaTreeScorer model;
            try {
                model = JavaTreeScorer.fromBundle(bundle);
            } catch (BundleException e) {
                model = null;
            }
            if (model != null) {
                rows.addAll(syntheticRows(model, probeRows, PROBE_SEED));
            }
        }
        return build(bundle, rows);
    }

    /** The reference batch for {@code rows}, with margins from the bundle's booster (loaded and released here). */
    public static BundleMetadata.ReferenceBatch build(ModelBundle bundle, List<float[]> rows) {
        try (XGBoostScorer scorer = new XGBoostScorer(bundle)) {
            return build(scorer, rows);
        }
    }

    /**
     * The reference batch for {@code rows}, with margins from {@link XGBoostScorer#marginBatch} and, when the
     * scorer calibrates, the calibrated propensities from {@link XGBoostScorer#predictBatch(float[], int)}.
     */
    public static BundleMetadata.ReferenceBatch build(XGBoostScorer scorer, List<float[]> rows) {
        BundleMetadata.ReferenceBatch batch = new BundleMetadata.ReferenceBatch();
        if (rows.isEmpty()) {
            return batch;
        }
        int width = rows.get(0).length;
        float[] margins = scorer.marginBatch(flatten(rows, width), rows.size());
        if (scorer.calibration() != null) {
            batch.propensities = new ArrayList<>(rows.size());
            for (float p : scorer.predictBatch(flatten(rows, width), rows.size())) {
                batch.propensities.add(p);
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            List<Float> values = new ArrayList<>(width);
            for (float v : rows.get(r)) {
                // JSON has no NaN; bundle.json writes a missing value as null.
                values.add(Float.isNaN(v) ? null : v);
            }
            batch.features.add(values);
            batch.margins.add(margins[r]);
        }
        return batch;
    }

    /** The batch's rows as float arrays, null (or a stored NaN) read back as NaN. */
    public static float[][] rows(BundleMetadata.ReferenceBatch batch, int numFeatures) {
        if (batch.margins == null || batch.features == null || batch.features.size() != batch.margins.size()) {
            throw new BundleException("reference_batch is malformed: " + size(batch.features) + " feature rows but "
                    + size(batch.margins) + " margins");
        }
        float[][] rows = new float[batch.features.size()][];
        for (int r = 0; r < rows.length; r++) {
            List<Float> values = batch.features.get(r);
            if (values == null || values.size() != numFeatures) {
                throw new BundleException("reference_batch row " + r + " has " + size(values) + " values, the model "
                        + numFeatures + " features");
            }
            float[] row = new float[numFeatures];
            for (int f = 0; f < numFeatures; f++) {
                Float v = values.get(f);
                row[f] = v == null ? Float.NaN : v;
            }
            rows[r] = row;
        }
        return rows;
    }

    /** The batch's calibrated propensities, or {@code null} when it has none (an uncalibrated bundle). */
    public static float[] propensities(BundleMetadata.ReferenceBatch batch) {
        if (batch.propensities == null) {
            return null;
        }
        if (batch.propensities.size() != size(batch.margins)) {
            throw new BundleException("reference_batch is malformed: " + batch.propensities.size() + " propensities but "
                    + size(batch.margins) + " margins");
        }
        float[] propensities = new float[batch.propensities.size()];
        for (int r = 0; r < propensities.length; r++) {
            Float p = batch.propensities.get(r);
            if (p == null) {
                throw new BundleException("reference_batch propensity " + r + " is missing");
            }
            propensities[r] = p;
        }
        return propensities;
    }

    /** The batch's margins; a missing margin is reported, never guessed. */
    public static float[] margins(BundleMetadata.ReferenceBatch batch) {
        float[] margins = new float[batch.margins.size()];
        for (int r = 0; r < margins.length; r++) {
            Float m = batch.margins.get(r);
            if (m == null) {
                throw new BundleException("reference_batch margin " + r + " is missing");
            }
            margins[r] = m;
        }
        return margins;
    }

    /**
     * Deterministic rows that exercise the model's own split boundaries: each value is missing, a split
     * threshold of that feature, the float just below or above one, a value in the feature's threshold
     * range, or a special value (signed zeros, extremes). The first three rows are all missing, all 0.0
     * and all -0.0. No infinities: XGBoost4J's DMatrix rejects them.
     */
    public static List<float[]> syntheticRows(JavaTreeScorer model, int count, long seed) {
        float[][] thresholds = model.splitThresholds();
        int width = model.numFeatures();
        Random random = new Random(seed);
        List<float[]> rows = new ArrayList<>(count);
        float[] fixed = {Float.NaN, 0f, -0f};
        for (int r = 0; r < count; r++) {
            float[] row = new float[width];
            for (int f = 0; f < width; f++) {
                row[f] = r < fixed.length ? fixed[r] : probe(thresholds[f], random);
            }
            rows.add(row);
        }
        return rows;
    }

    private static float probe(float[] thresholds, Random random) {
        int pick = random.nextInt(100);
        if (pick < 10) {
            return Float.NaN;
        }
        if (thresholds.length == 0) {
            // The model never splits on this feature; its value cannot matter, but vary it anyway.
            return pick < 40 ? SPECIAL_VALUES[random.nextInt(SPECIAL_VALUES.length)] : (float) random.nextGaussian() * 10f;
        }
        if (pick < 25) {
            return SPECIAL_VALUES[random.nextInt(SPECIAL_VALUES.length)];
        }
        float threshold = thresholds[random.nextInt(thresholds.length)];
        if (pick < 50) {
            return threshold;
        }
        if (pick < 65) {
            return Math.nextDown(threshold);
        }
        if (pick < 75) {
            return Math.nextUp(threshold);
        }
        float lo = thresholds[0];
        float hi = thresholds[thresholds.length - 1];
        double span = hi > lo ? (double) hi - lo : 1.0;
        return (float) (lo - 0.1 * span + random.nextDouble() * 1.2 * span);
    }

    static float[] flatten(List<float[]> rows, int width) {
        float[] flat = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            if (row.length != width) {
                throw new IllegalArgumentException("row " + r + " has " + row.length + " values, row 0 has " + width);
            }
            System.arraycopy(row, 0, flat, r * width, width);
        }
        return flat;
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }
}
