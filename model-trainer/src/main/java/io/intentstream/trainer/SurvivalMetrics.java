package io.intentstream.trainer;

import java.util.Arrays;

/** Metrics of predicted times against right-censored observed ones. */
final class SurvivalMetrics {
    private SurvivalMetrics() {}

    /**
     * Harrell's concordance index: among the pairs where one example's event is observed before the other's time
     * (observed or censored), the share where the earlier event has the shorter predicted time; tied predictions
     * count one half. NaN without a comparable pair. O(n log n): examples in descending time, a Fenwick tree over
     * prediction ranks counts the later ones.
     *
     * @param time observed days (the event's when not censored, the censoring time's when censored)
     */
    static double concordance(double[] predicted, double[] time, boolean[] censored) {
        int n = predicted.length;
        double[] sortedPred = predicted.clone();
        Arrays.sort(sortedPred);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(time[b], time[a]));
        long[] tree = new long[n + 1];
        long inserted = 0;
        double concordant = 0;
        long comparable = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && time[order[j]] == time[order[i]]) {
                j++;
            }
            // Examples of this time are compared with strictly later ones, inserted before them.
            for (int k = i; k < j; k++) {
                int e = order[k];
                if (censored[e]) {
                    continue;
                }
                int below = lowerBound(sortedPred, predicted[e]);
                int atOrBelow = upperBound(sortedPred, predicted[e]);
                long laterAtOrBelow = sum(tree, atOrBelow);
                long laterBelow = sum(tree, below);
                long laterAbove = inserted - laterAtOrBelow;
                concordant += laterAbove + 0.5 * (laterAtOrBelow - laterBelow);
                comparable += inserted;
            }
            for (int k = i; k < j; k++) {
                add(tree, upperBound(sortedPred, predicted[order[k]]));
                inserted++;
            }
            i = j;
        }
        return comparable == 0 ? Double.NaN : concordant / comparable;
    }

    /** Mean absolute error over the examples whose time is observed; NaN without one. */
    static double maeUncensored(double[] predicted, double[] time, boolean[] censored) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (!censored[i]) {
                sum += Math.abs(predicted[i] - time[i]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Adds one at rank position {@code pos} (1-based: the count of predictions at or below). */
    private static void add(long[] tree, int pos) {
        for (int p = pos; p < tree.length; p += p & -p) {
            tree[p]++;
        }
    }

    /** Inserted examples whose rank position is at most {@code pos}. */
    private static long sum(long[] tree, int pos) {
        long s = 0;
        for (int p = pos; p > 0; p -= p & -p) {
            s += tree[p];
        }
        return s;
    }
}
