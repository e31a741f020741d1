package io.intentstream.abreport.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well predicted probabilities rank and match the outcomes they predicted.
 *
 * @param auc ROC AUC as the Mann–Whitney probability that a positive scores above a negative, ties counting one
 *     half; NaN without both classes
 * @param meanPredicted mean score, to set beside {@code observedRate}: their gap is the calibration in the large
 * @param brier mean squared difference of score and outcome
 * @param ece expected calibration error: over bins of equal count in score order, the count-weighted mean of
 *     |mean score - observed rate|
 */
public record ScoreQuality(long count, long positives, double auc, double meanPredicted, double observedRate, double brier,
        double ece, List<Bin> bins) {

    /** One calibration bin: its size, score range, mean score and observed rate. */
    public record Bin(long count, double minScore, double maxScore, double meanPredicted, double observedRate) {}

    /**
     * Scores in [0, 1] with their outcomes, in any order. The scores are sorted by (score, outcome): ranks are then
     * averaged over ties, and a tie that straddles a bin edge is split the same way on every run whatever order the
     * archive returned the rows in (negatives fill the lower bin first).
     */
    public static ScoreQuality of(double[] scores, boolean[] outcomes, int binCount) {
        if (scores.length != outcomes.length) {
            throw new IllegalArgumentException("one outcome per score");
        }
        if (binCount < 1) {
            throw new IllegalArgumentException("need at least one calibration bin, got " + binCount);
        }
        int n = scores.length;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            if (!(scores[i] >= 0 && scores[i] <= 1)) {
                throw new IllegalArgumentException("a score must be a probability in [0, 1], got " + scores[i]);
            }
            // Non-negative doubles order as their bit patterns; the outcome rides in the lowest bit, below any score.
            keys[i] = (Double.doubleToLongBits(scores[i] + 0.0) << 1) | (outcomes[i] ? 1 : 0);
        }
        Arrays.sort(keys);
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        long positives = 0;
        for (int i = 0; i < n; i++) {
            s[i] = Double.longBitsToDouble(keys[i] >>> 1);
            y[i] = (keys[i] & 1) == 1;
            positives += y[i] ? 1 : 0;
        }
        if (n == 0) {
            return new ScoreQuality(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of());
        }
        double sumScores = 0;
        double sumSquaredErrors = 0;
        for (int i = 0; i < n; i++) {
            sumScores += s[i];
            double e = s[i] - (y[i] ? 1 : 0);
            sumSquaredErrors += e * e;
        }
        List<Bin> bins = bins(s, y, Math.min(binCount, n));
        double ece = 0;
        for (Bin b : bins) {
            ece += (double) b.count() / n * Math.abs(b.meanPredicted() - b.observedRate());
        }
        return new ScoreQuality(n, positives, auc(s, y, positives), sumScores / n, (double) positives / n,
                sumSquaredErrors / n, ece, List.copyOf(bins));
    }

    /** Mann–Whitney U of the positives over the sorted scores, with the mid-rank of each run of tied scores. */
    private static double auc(double[] s, boolean[] y, long positives) {
        long negatives = s.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double rankSumOfPositives = 0;
        int i = 0;
        while (i < s.length) {
            int j = i;
            long positivesInRun = 0;
            while (j < s.length && s[j] == s[i]) {
                positivesInRun += y[j] ? 1 : 0;
                j++;
            }
            double midRank = (i + 1 + j) / 2.0;
            rankSumOfPositives += positivesInRun * midRank;
            i = j;
        }
        double u = rankSumOfPositives - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }

    /** Consecutive bins of the sorted scores; with n = q * k + r, the first r bins hold q + 1 (as numpy.array_split). */
    private static List<Bin> bins(double[] s, boolean[] y, int k) {
        List<Bin> bins = new ArrayList<>();
        int q = s.length / k;
        int r = s.length % k;
        int start = 0;
        for (int b = 0; b < k; b++) {
            int end = start + q + (b < r ? 1 : 0);
            double sum = 0;
            long pos = 0;
            for (int i = start; i < end; i++) {
                sum += s[i];
                pos += y[i] ? 1 : 0;
            }
            int size = end - start;
            bins.add(new Bin(size, s[start], s[end - 1], sum / size, (double) pos / size));
            start = end;
        }
        return bins;
    }
}
