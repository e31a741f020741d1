package io.intentstream.trainer;

import io.intentstream.evaluation.Metrics;
import io.intentstream.model.Calibration;
import io.intentstream.model.JavaTreeScorer;
import io.intentstream.model.XGBoostScorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Step 4 of training: fits a monotone calibration of the margin on the validation sessions and decides whether
 * the bundle keeps it.
 *
 * <p>Both candidates (centred isotonic, Platt; see {@link Calibrators}) are judged by their ECE on the
 * validation sessions out of fold: fitted on four fifths of the sessions, applied to the fifth, five times. An
 * in-sample judgement would be no judgement: isotonic regression fits its own sample almost perfectly. The
 * better candidate is then fitted on all validation sessions; it is kept only when its cross-validated ECE is
 * below the uncalibrated model's. The test side is never looked at here (the evaluate step reports both ECEs
 * there, kept or not).
 */
final class CalibrateStep {
    static final int FOLDS = 5;
    /** Below this many converting validation examples no calibration is fitted: too few to say anything. */
    static final int MIN_POSITIVES = 10;

    /**
     * @param candidate the fitted calibration, or {@code null} when none could be fitted
     * @param kept whether the bundle applies it
     * @param fit how it was fitted and chosen (bundle.json {@code calibration.fit}, and for the report)
     */
    record Calibrated(Calibration candidate, boolean kept, Map<String, Object> fit) {
        Calibration shipped() {
            return kept ? candidate : null;
        }
    }

    /** The model's margins for {@code rows} rows stored row-major in {@code data} ({@link XGBoostScorer#marginBatch}). */
    @FunctionalInterface
    interface Margins {
        float[] of(float[] data, int rows);
    }

    private CalibrateStep() {}

    /** @param uncalibrated the trained booster as the job would load it without a calibration */
    static Calibrated run(ExampleSet examples, TemporalSplit split, XGBoostScorer uncalibrated) {
        return run(examples, split, uncalibrated::marginBatch);
    }

    static Calibrated run(ExampleSet examples, TemporalSplit split, Margins uncalibrated) {
        List<Integer> rowList = new ArrayList<>();
        for (int r = 0; r < examples.rows(); r++) {
            if (split.sideOfRow(examples, r) == TemporalSplit.Side.VALIDATION) {
                rowList.add(r);
            }
        }
        int n = rowList.size();
        float[] margins = margins(examples, rowList, uncalibrated);
        boolean[] labels = new boolean[n];
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            int r = rowList.get(i);
            labels[i] = examples.label(r);
            // Whole sessions per fold: rows of one session are too alike to stand on both sides.
            fold[i] = Math.floorMod(Long.hashCode(examples.sessionKey(examples.sessionOf(r)) * 0x9E3779B97F4A7C15L), FOLDS);
        }
        return choose(margins, labels, fold);
    }

    /**
     * Fits and judges both candidates on validation examples given as their margins, labels and folds (whole
     * sessions, or whole users, per fold): the decision rule of this step for any binary target.
     */
    static Calibrated choose(float[] margins, boolean[] labels, int[] fold) {
        int n = margins.length;
        long positives = 0;
        for (boolean label : labels) {
            positives += label ? 1 : 0;
        }
        Map<String, Object> fit = new LinkedHashMap<>();
        fit.put("fitted_on", "validation");
        fit.put("examples", n);
        fit.put("positives", positives);
        if (positives < MIN_POSITIVES || positives == n) {
            fit.put("kept", false);
            fit.put("reason", "the validation side has " + positives + " converting examples of " + n
                    + "; a calibration needs at least " + MIN_POSITIVES + " of each class");
            return new Calibrated(null, false, fit);
        }
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) {
            raw[i] = JavaTreeScorer.sigmoid(margins[i]);
        }
        double uncalibratedEce = Metrics.ece(raw, labels);
        double isotonicEce = Metrics.ece(outOfFold(margins, labels, fold, true), labels);
        double[] plattOutOfFold = outOfFold(margins, labels, fold, false);
        double plattEce = plattOutOfFold == null ? Double.NaN : Metrics.ece(plattOutOfFold, labels);
        boolean isotonicWins = !(plattEce < isotonicEce);
        double best = isotonicWins ? isotonicEce : plattEce;
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        Calibration candidate = isotonicWins ? Calibrators.isotonic(margins, labels, all) : Calibrators.platt(margins, labels, all);
        boolean kept = candidate != null && best < uncalibratedEce;
        fit.put("folds", FOLDS);
        fit.put("bins", Metrics.CALIBRATION_BINS);
        fit.put("validation_ece_uncalibrated", uncalibratedEce);
        fit.put("validation_ece_isotonic_cross_validated", isotonicEce);
        fit.put("validation_ece_platt_cross_validated", Double.isNaN(plattEce) ? null : plattEce);
        fit.put("method", candidate == null ? null : candidate.method().name().toLowerCase(Locale.ROOT));
        fit.put("kept", kept);
        fit.put("reason", kept ? "its cross-validated ECE is below the uncalibrated model's"
                : "its cross-validated ECE is not below the uncalibrated model's, so the model's own sigmoid is kept");
        return new Calibrated(candidate, kept, fit);
    }

    /** Each example's calibrated propensity from the candidate fitted on the other folds; {@code null} if one fails. */
    private static double[] outOfFold(float[] margins, boolean[] labels, int[] fold, boolean isotonic) {
        double[] out = new double[margins.length];
        for (int f = 0; f < FOLDS; f++) {
            List<Integer> trainList = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) {
                if (fold[i] != f) {
                    trainList.add(i);
                }
            }
            int[] train = trainList.stream().mapToInt(Integer::intValue).toArray();
            if (train.length == 0) {
                return null;
            }
            Calibration c = isotonic ? Calibrators.isotonic(margins, labels, train) : Calibrators.platt(margins, labels, train);
            if (c == null) {
                return null;
            }
            for (int i = 0; i < fold.length; i++) {
                if (fold[i] == f) {
                    out[i] = c.apply(margins[i]);
                }
            }
        }
        return out;
    }

    private static float[] margins(ExampleSet examples, List<Integer> rows, Margins scorer) {
        int w = examples.width();
        float[] margins = new float[rows.size()];
        int chunk = EvaluateStep.EVALUATION_CHUNK_ROWS;
        float[] data = new float[Math.min(chunk, Math.max(1, rows.size())) * w];
        for (int from = 0; from < rows.size(); from += chunk) {
            int count = Math.min(chunk, rows.size() - from);
            for (int k = 0; k < count; k++) {
                examples.copyRow(rows.get(from + k), data, k * w);
            }
            System.arraycopy(scorer.of(data, count), 0, margins, from, count);
        }
        return margins;
    }
}
