package io.intentstream.model;

import java.util.List;
import java.util.Locale;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the scorer for a bundle at load time: the Java evaluator when it provably reproduces XGBoost4J's
 * margins bit for bit, XGBoost4J otherwise, or whichever the configuration forces.
 */
public final class ScorerSelector {
    private static final Logger LOG = LoggerFactory.getLogger(ScorerSelector.class);

    /** Rows compared when the bundle carries no reference batch. */
    public static final int SYNTHETIC_ROWS = 1024;
    /** Fixed so that a bundle passes or fails the check the same way on every load. */
    static final long SYNTHETIC_SEED = 0x1A7E_5EEDL;

    /** Which scorer the configuration asks for. */
    public enum Preference {
        /** The Java evaluator if it matches XGBoost4J on the reference batch, else XGBoost4J. */
        AUTO,
        /** The Java evaluator, whatever the check says (a mismatch is logged); fails if it cannot load the model. */
        JAVA,
        /** XGBoost4J, no check. */
        XGBOOST4J;

        /** Reads {@code auto}, {@code java} or {@code xgboost4j} (any case). */
        public static Preference parse(String value) {
            if (value != null) {
                for (Preference p : values()) {
                    if (p.configValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                        return p;
                    }
                }
            }
            throw new IllegalArgumentException("unknown scorer '" + value + "'; expected auto, java or xgboost4j");
        }

        /** The spelling used in configuration. */
        public String configValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The scorer to use and a sentence for the log saying why it was chosen; closing it closes the scorer. */
    public record Selection(PropensityScorer scorer, String reason) implements AutoCloseable {
        @Override
        public void close() {
            scorer.close();
        }
    }

    private ScorerSelector() {}

    /** Loads the scorer {@code preference} calls for; the caller owns (and closes) the returned scorer. */
    public static Selection select(ModelBundle bundle, Preference preference) {
        return switch (preference) {
            case XGBOOST4J -> chosen(bundle, new XGBoostScorer(bundle), "xgboost4j: configured", false);
            case JAVA -> forcedJava(bundle);
            case AUTO -> auto(bundle);
        };
    }

    /** Logs the choice, as a warning when the fast path was wanted but not taken or taken without proof. */
    private static Selection chosen(ModelBundle bundle, PropensityScorer scorer, String reason, boolean warn) {
        if (warn) {
            LOG.warn("Model {} scored by {}", bundle.metadata().modelVersion, reason);
        } else {
            LOG.info("Model {} scored by {}", bundle.metadata().modelVersion, reason);
        }
        return new Selection(scorer, reason);
    }

    private static Selection auto(ModelBundle bundle) {
        JavaTreeScorer java;
        try {
            java = JavaTreeScorer.fromBundle(bundle);
        } catch (BundleException e) {
            return chosen(bundle, new XGBoostScorer(bundle), "xgboost4j: " + e.getMessage(), true);
        }
        XGBoostScorer xgboost = new XGBoostScorer(bundle);
        try {
            StringBuilder notes = new StringBuilder();
            java = adoptXGBoostBaseMargin(java, xgboost, notes);
            float[][] rows;
            float[] expected;
            String source;
            BundleMetadata.ReferenceBatch batch = bundle.metadata().referenceBatch;
            if (batch != null && batch.features != null && !batch.features.isEmpty()) {
                try {
                    rows = ReferenceBatches.rows(batch, java.numFeatures());
                    expected = ReferenceBatches.margins(batch);
                } catch (BundleException e) {
                    java.close();
                    return chosen(bundle, xgboost, "xgboost4j: the bundle's " + e.getMessage()
                            + ", so the Java evaluator cannot be checked", true);
                }
                source = "the bundle's " + rows.length + " reference rows";
            } else {
                List<float[]> synthetic = ReferenceBatches.syntheticRows(java, SYNTHETIC_ROWS, SYNTHETIC_SEED);
                rows = synthetic.toArray(new float[0][]);
                expected = xgboost.marginBatch(ReferenceBatches.flatten(synthetic, java.numFeatures()), rows.length);
                source = rows.length + " synthetic rows (the bundle has no reference batch)";
            }
            String mismatch = firstMismatch(java, rows, expected);
            if (mismatch == null) {
                xgboost.close();
                return chosen(bundle, java, "java: its margins equal XGBoost4J's bit for bit on " + source + notes,
                        false);
            }
            java.close();
            return chosen(bundle, xgboost, "xgboost4j: the Java evaluator differs from XGBoost4J on " + source + ": "
                    + mismatch + notes + "; falling back to XGBoost4J", true);
        } catch (RuntimeException e) {
            xgboost.close();
            throw e;
        }
    }

    private static Selection forcedJava(ModelBundle bundle) {
        JavaTreeScorer java = JavaTreeScorer.fromBundle(bundle);
        BundleMetadata.ReferenceBatch batch = bundle.metadata().referenceBatch;
        if (batch == null || batch.features == null || batch.features.isEmpty()) {
            return chosen(bundle, java, "java: configured; the bundle has no reference batch, parity not checked", true);
        }
        String mismatch;
        try {
            mismatch = firstMismatch(java, ReferenceBatches.rows(batch, java.numFeatures()),
                    ReferenceBatches.margins(batch));
        } catch (BundleException e) {
            mismatch = "the bundle's " + e.getMessage();
        }
        if (mismatch == null) {
            return chosen(bundle, java, "java: configured; its margins equal the bundle's " + batch.features.size()
                    + " reference margins", false);
        }
        return chosen(bundle, java, "java: configured, although it does not reproduce the bundle's reference margins: "
                + mismatch, true);
    }

    /**
     * Starts the Java sum from XGBoost's own base margin. XGBoost computes it with C's {@code logf}, which is
     * not correctly rounded, so for some base scores it is one ulp away from Java's logit and every margin
     * would differ. An empty iteration range makes XGBoost predict with no trees: the base margin itself.
     */
    private static JavaTreeScorer adoptXGBoostBaseMargin(JavaTreeScorer java, XGBoostScorer xgboost,
            StringBuilder notes) {
        float[] row = new float[java.numFeatures()];
        float fromXGBoost;
        try {
            fromXGBoost = xgboost.booster().inplace_predict(row, 1, row.length, Float.NaN, new int[] {1, 1},
                    Booster.PredictionType.kMargin, null)[0][0];
        } catch (XGBoostError e) {
            return java;
        }
        float own = java.baseMargin();
        if (Float.floatToIntBits(fromXGBoost) == Float.floatToIntBits(own)) {
            return java;
        }
        // Only a rounding difference is expected; anything else means the query did not do what we think.
        if (Math.abs(fromXGBoost - own) > 2 * Math.ulp(own)) {
            return java;
        }
        notes.append("; base margin taken from XGBoost4J (").append(fromXGBoost).append(", Java's logit gives ")
                .append(own).append(')');
        return java.withBaseMargin(fromXGBoost);
    }

    /** A description of the first row whose margin differs in any bit and how many differ, or {@code null}. */
    static String firstMismatch(JavaTreeScorer java, float[][] rows, float[] expected) {
        int first = -1;
        float firstActual = 0f;
        int count = 0;
        for (int r = 0; r < rows.length; r++) {
            float actual = java.margin(rows[r]);
            if (Float.floatToIntBits(actual) != Float.floatToIntBits(expected[r])) {
                if (first < 0) {
                    first = r;
                    firstActual = actual;
                }
                count++;
            }
        }
        if (first < 0) {
            return null;
        }
        return count + " of " + rows.length + " margins differ, first at row " + first + ": Java "
                + describe(firstActual) + ", XGBoost4J " + describe(expected[first]);
    }

    private static String describe(float margin) {
        return margin + " (bits 0x" + Integer.toHexString(Float.floatToIntBits(margin)) + ")";
    }
}
