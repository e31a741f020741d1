package io.intentstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the scorer for a bundle at load time: the Java evaluator when it provably reproduces XGBoost4J's
 * margins bit for bit, XGBoost4J otherwise, or whichever the configuration forces.
 *
 * <p>The proof is the bundle's reference batch (rows with the margins XGBoost4J gave them at training time),
 * so choosing the Java evaluator loads no native code. Without a reference batch, XGBoost4J scores
 * {@value #SYNTHETIC_ROWS} deterministic rows that probe the model's split thresholds and missing values.
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

    /**
     * Logs the choice, as a warning when the fast path was wanted but not taken or taken without proof. A
     * calibrated bundle's scorer is first checked against the bundle's reference propensities (see
     * {@link #calibrationNote}); a mismatch closes it and throws.
     */
    private static Selection chosen(ModelBundle bundle, PropensityScorer scorer, String reason, boolean warn) {
        return chosen(bundle, scorer, reason, warn, true);
    }

    /** @param checkCalibration false where the margins are known not to match, so propensities cannot either */
    private static Selection chosen(ModelBundle bundle, PropensityScorer scorer, String reason, boolean warn,
            boolean checkCalibration) {
        if (bundle.metadata().calibration != null) {
            try {
                reason += checkCalibration ? calibrationNote(bundle, scorer)
                        : "; calibration not checked (the margins differ from the reference margins)";
            } catch (RuntimeException e) {
                scorer.close();
                throw e;
            }
        }
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
        BundleMetadata.ReferenceBatch batch = bundle.metadata().referenceBatch;
        if (hasRows(batch)) {
            // The trainer's margins are the proof: no native code is loaded unless the check fails.
            float[][] rows;
            float[] expected;
            try {
                rows = ReferenceBatches.rows(batch, java.numFeatures());
                expected = ReferenceBatches.margins(batch);
            } catch (BundleException e) {
                return chosen(bundle, new XGBoostScorer(bundle), "xgboost4j: the bundle's " + e.getMessage()
                        + ", so the Java evaluator cannot be checked", true);
            }
            return compare(bundle, java, rows, expected, "the bundle's " + rows.length + " reference rows", null);
        }
        XGBoostScorer xgboost = new XGBoostScorer(bundle);
        try {
            List<float[]> synthetic = ReferenceBatches.syntheticRows(java, SYNTHETIC_ROWS, SYNTHETIC_SEED);
            float[][] rows = synthetic.toArray(new float[0][]);
            float[] expected = xgboost.marginBatch(ReferenceBatches.flatten(synthetic, java.numFeatures()), rows.length);
            return compare(bundle, java, rows, expected,
                    rows.length + " synthetic rows (the bundle has no reference batch)", xgboost);
        } catch (RuntimeException e) {
            xgboost.close();
            throw e;
        }
    }

    /** Java if it reproduces {@code expected} exactly, else XGBoost4J ({@code xgboost}, or loaded now). */
    private static Selection compare(ModelBundle bundle, JavaTreeScorer java, float[][] rows, float[] expected,
            String source, XGBoostScorer xgboost) {
        Check check = check(java, rows, expected);
        if (check.matching() != null) {
            if (xgboost != null) {
                xgboost.close();
            }
            return chosen(bundle, check.matching(), "java: its margins equal XGBoost4J's bit for bit on " + source
                    + baseMarginNote(java, check.matching()), false);
        }
        return chosen(bundle, xgboost != null ? xgboost : new XGBoostScorer(bundle),
                "xgboost4j: the Java evaluator was checked against XGBoost4J on " + source + ": " + check.problem()
                        + "; falling back to XGBoost4J", true);
    }

    private static Selection forcedJava(ModelBundle bundle) {
        JavaTreeScorer java = JavaTreeScorer.fromBundle(bundle);
        BundleMetadata.ReferenceBatch batch = bundle.metadata().referenceBatch;
        if (!hasRows(batch)) {
            return chosen(bundle, java, "java: configured; the bundle has no reference batch, parity not checked", true,
                    false);
        }
        float[][] rows;
        float[] expected;
        try {
            rows = ReferenceBatches.rows(batch, java.numFeatures());
            expected = ReferenceBatches.margins(batch);
        } catch (BundleException e) {
            return chosen(bundle, java, "java: configured, although the bundle's " + e.getMessage(), true, false);
        }
        Check check = check(java, rows, expected);
        if (check.matching() != null) {
            return chosen(bundle, check.matching(), "java: configured; its margins equal the bundle's " + rows.length
                    + " reference margins" + baseMarginNote(java, check.matching()), false);
        }
        return chosen(bundle, java, "java: configured, although it does not reproduce the bundle's reference margins: "
                + check.problem(), true, false);
    }

    /**
     * The calibration step of the load-time parity check: the scorer's propensities for the reference rows, with
     * the bundle's calibration applied, must equal those the trainer stored, bit for bit. Both scorers apply the
     * calibration to margins that are already proven equal, so a difference means the calibration in bundle.json
     * is not the one the trainer fitted (edited, or read differently).
     *
     * @return a note for the log
     * @throws BundleException on a difference, or when the rows cannot be read
     */
    static String calibrationNote(ModelBundle bundle, PropensityScorer scorer) {
        Calibration calibration = Calibration.fromJson(bundle.metadata().calibration);
        BundleMetadata.ReferenceBatch batch = bundle.metadata().referenceBatch;
        float[] expected = hasRows(batch) ? ReferenceBatches.propensities(batch) : null;
        if (expected == null) {
            return "; calibration (" + calibration + ") not checked: the bundle stores no reference propensities";
        }
        int width = bundle.metadata().featureNames.size();
        float[][] rows = ReferenceBatches.rows(batch, width);
        float[] actual = new float[rows.length];
        scorer.predictBatch(ReferenceBatches.flatten(java.util.Arrays.asList(rows), width), rows.length, width, actual);
        int first = -1;
        int count = 0;
        for (int r = 0; r < rows.length; r++) {
            if (Float.floatToIntBits(actual[r]) != Float.floatToIntBits(expected[r])) {
                first = first < 0 ? r : first;
                count++;
            }
        }
        if (count > 0) {
            throw new BundleException("model " + bundle.metadata().modelVersion + ": the " + scorer.name()
                    + " scorer with the bundle's calibration gives " + count + " of " + rows.length
                    + " reference propensities differently, first at row " + first + ": " + actual[first]
                    + " instead of " + expected[first] + "; bundle.json's calibration is not the one the trainer fitted");
        }
        return "; its calibrated propensities (" + calibration + ") equal the bundle's " + rows.length
                + " reference propensities";
    }

    private static boolean hasRows(BundleMetadata.ReferenceBatch batch) {
        return batch != null && batch.features != null && !batch.features.isEmpty();
    }

    /** The evaluator that reproduces the expected margins, or {@code null} and why none does. */
    record Check(JavaTreeScorer matching, String problem) {}

    /**
     * Finds the evaluator whose margins all equal {@code expected}: {@code java} itself, or {@code java}
     * starting from a base margin one ulp up or down. XGBoost takes the logit of {@code base_score} with C's
     * {@code logf}, which is not correctly rounded (glibc's errs by up to 0.82 ulp): for some base scores its
     * base margin is the float next to Java's correctly rounded one. Those three are the only candidates. If
     * two that score some input differently both reproduce every row, the rows cannot tell which base margin
     * XGBoost uses, and none is chosen.
     */
    static Check check(JavaTreeScorer java, float[][] rows, float[] expected) {
        List<JavaTreeScorer> matching = new ArrayList<>(3);
        for (JavaTreeScorer candidate : List.of(java, java.withBaseMargin(Math.nextUp(java.baseMargin())),
                java.withBaseMargin(Math.nextDown(java.baseMargin())))) {
            if (allMatch(candidate, rows, expected)) {
                matching.add(candidate);
            }
        }
        if (matching.isEmpty()) {
            return new Check(null, firstMismatch(java, rows, expected));
        }
        JavaTreeScorer first = matching.get(0);
        for (JavaTreeScorer other : matching) {
            if (!first.sameMarginsFrom(other.baseMargin())) {
                return new Check(null, "its margins match from base margin " + first.baseMargin() + " and from "
                        + other.baseMargin() + ", which differ on other rows; the rows cannot tell which one"
                        + " XGBoost (C logf) uses");
            }
        }
        return new Check(first, null);
    }

    private static boolean allMatch(JavaTreeScorer java, float[][] rows, float[] expected) {
        for (int r = 0; r < rows.length; r++) {
            if (Float.floatToIntBits(java.margin(rows[r])) != Float.floatToIntBits(expected[r])) {
                return false;
            }
        }
        return true;
    }

    private static String baseMarginNote(JavaTreeScorer java, JavaTreeScorer matching) {
        return matching == java ? "" : "; with XGBoost's base margin " + matching.baseMargin()
                + " (C logf), one ulp from Java's logit " + java.baseMargin();
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
