package io.intentstream.evaluation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Binary-classification metrics over scores and labels; ties are handled exactly (no random tie-breaking). */
public final class Metrics {
    private Metrics() {}

    /** ROC AUC as the Mann-Whitney statistic with average ranks for ties; NaN if one class is absent. */
    public static double rocAuc(double[] scores, boolean[] labels) {
        int n = scores.length;
        int[] order = sortedIndex(scores, true);
        double rankSumPositives = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && (float) scores[order[j + 1]] == (float) scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]]) {
                    rankSumPositives += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Area under the precision-recall curve as average precision, thresholds taken at distinct scores. */
    public static double prAuc(double[] scores, boolean[] labels) {
        int n = scores.length;
        long totalPositives = 0;
        for (boolean l : labels) {
            if (l) {
                totalPositives++;
            }
        }
        if (totalPositives == 0) {
            return Double.NaN;
        }
        int[] order = sortedIndex(scores, false);
        double ap = 0;
        long truePositives = 0;
        long seen = 0;
        double previousRecall = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && (float) scores[order[j + 1]] == (float) scores[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                if (labels[order[k]]) {
                    truePositives++;
                }
                seen++;
            }
            double recall = truePositives / (double) totalPositives;
            double precision = truePositives / (double) seen;
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
            i = j + 1;
        }
        return ap;
    }

    public static double logLoss(double[] probabilities, boolean[] labels) {
        double eps = 1e-15;
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double p = Math.min(1 - eps, Math.max(eps, probabilities[i]));
            sum -= labels[i] ? Math.log(p) : Math.log(1 - p);
        }
        return sum / probabilities.length;
    }

    public static double brier(double[] probabilities, boolean[] labels) {
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double d = probabilities[i] - (labels[i] ? 1 : 0);
            sum += d * d;
        }
        return sum / probabilities.length;
    }

    /** Bins of the reliability diagram and of the ECE the trainer reports. */
    public static final int CALIBRATION_BINS = 10;

    /**
     * A reliability diagram with equal-mass bins: the examples sorted by predicted probability and cut into
     * {@code bins} groups of (nearly) equal size, each with its mean prediction and observed positive rate.
     * Equal mass rather than equal width because purchase propensities crowd near zero: fixed-width bins would
     * leave most bins empty and one bin holding nearly everything.
     *
     * @param ece expected calibration error: the examples-weighted mean of |mean prediction - observed rate|
     */
    public record Reliability(double[] meanPredicted, double[] observedRate, int[] examples, double ece) {}

    /** The reliability diagram of {@code probabilities}; with fewer examples than bins, one bin per example. */
    public static Reliability reliability(double[] probabilities, boolean[] labels, int bins) {
        int n = probabilities.length;
        int b = Math.max(1, Math.min(bins, n));
        int[] order = sortedIndex(probabilities, true);
        double[] meanPredicted = new double[b];
        double[] observed = new double[b];
        int[] counts = new int[b];
        double ece = 0;
        for (int bin = 0; bin < b; bin++) {
            int from = (int) ((long) bin * n / b);
            int to = (int) ((long) (bin + 1) * n / b);
            double sumP = 0;
            long positives = 0;
            for (int k = from; k < to; k++) {
                sumP += probabilities[order[k]];
                positives += labels[order[k]] ? 1 : 0;
            }
            counts[bin] = to - from;
            meanPredicted[bin] = counts[bin] == 0 ? Double.NaN : sumP / counts[bin];
            observed[bin] = counts[bin] == 0 ? Double.NaN : positives / (double) counts[bin];
            ece += counts[bin] == 0 ? 0 : counts[bin] * Math.abs(meanPredicted[bin] - observed[bin]);
        }
        return new Reliability(meanPredicted, observed, counts, n == 0 ? Double.NaN : ece / n);
    }

    /** Expected calibration error over {@value #CALIBRATION_BINS} equal-mass bins (see {@link #reliability}). */
    public static double ece(double[] probabilities, boolean[] labels) {
        return reliability(probabilities, labels, CALIBRATION_BINS).ece();
    }

    /** The full metric group the trainer reports for one set of examples. */
    public static Map<String, Double> summary(double[] probabilities, boolean[] labels) {
        long positives = 0;
        for (boolean l : labels) {
            if (l) {
                positives++;
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("roc_auc", rocAuc(probabilities, labels));
        m.put("pr_auc", prAuc(probabilities, labels));
        m.put("log_loss", logLoss(probabilities, labels));
        m.put("brier", brier(probabilities, labels));
        m.put("ece", ece(probabilities, labels));
        m.put("base_rate", labels.length == 0 ? Double.NaN : positives / (double) labels.length);
        m.put("examples", (double) labels.length);
        m.put("positives", (double) positives);
        return m;
    }

    /** Ranking metrics only, for heuristics whose scores are not probabilities. */
    public static Map<String, Double> rankingSummary(double[] scores, boolean[] labels) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("roc_auc", rocAuc(scores, labels));
        m.put("pr_auc", prAuc(scores, labels));
        m.put("examples", (double) labels.length);
        return m;
    }

    /**
     * Row indices ordered by score. Scores are compared as float32 (what XGBoost produces) so that score
     * and index pack into one long and millions of rows sort without boxing.
     */
    private static int[] sortedIndex(double[] scores, boolean ascending) {
        long[] keys = new long[scores.length];
        for (int i = 0; i < scores.length; i++) {
            int bits = Float.floatToIntBits((float) scores[i]);
            // Map float order onto signed int order: negative floats reverse, positives keep their order.
            int ordered = bits < 0 ? ~bits ^ 0x80000000 : bits;
            if (!ascending) {
                ordered = ~ordered;
            }
            keys[i] = ((long) ordered << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }
}
