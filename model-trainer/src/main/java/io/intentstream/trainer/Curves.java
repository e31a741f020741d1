package io.intentstream.trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ranking curves of the report from scores and labels: ROC, precision-recall and cumulative gain, with a
 * point at every distinct score (tied scores move together, as in {@code Metrics}' AUCs), thinned for drawing.
 */
final class Curves {
    /** More points than this are thinned: an SVG path of 100,000 points draws no better than one of 400. */
    static final int MAX_POINTS = 400;

    private Curves() {}

    /** One curve: x and y of each point, in drawing order. */
    record Curve(double[] x, double[] y) {
        int size() {
            return x.length;
        }
    }

    /** Cumulative counts after each group of tied scores, highest score first. */
    private record Steps(long[] truePositives, long[] seen, long positives, long total) {}

    private static Steps steps(double[] scores, boolean[] labels) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Compared as float32, as Metrics compares scores, so the curves and the stored AUCs see the same ties.
        Arrays.sort(order, (a, b) -> Float.compare((float) scores[b], (float) scores[a]));
        long positives = 0;
        for (boolean l : labels) {
            positives += l ? 1 : 0;
        }
        List<long[]> points = new ArrayList<>();
        long tp = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j < order.length && (float) scores[order[j]] == (float) scores[order[i]]) {
                tp += labels[order[j]] ? 1 : 0;
                j++;
            }
            points.add(new long[] {tp, j});
            i = j;
        }
        long[] tps = new long[points.size()];
        long[] seen = new long[points.size()];
        for (int k = 0; k < tps.length; k++) {
            tps[k] = points.get(k)[0];
            seen[k] = points.get(k)[1];
        }
        return new Steps(tps, seen, positives, scores.length);
    }

    /** False-positive rate against true-positive rate, from (0, 0) to (1, 1). */
    static Curve roc(double[] scores, boolean[] labels) {
        Steps s = steps(scores, labels);
        long negatives = s.total() - s.positives();
        double[] x = new double[s.seen().length + 1];
        double[] y = new double[x.length];
        for (int k = 0; k < s.seen().length; k++) {
            x[k + 1] = negatives == 0 ? 0 : (s.seen()[k] - s.truePositives()[k]) / (double) negatives;
            y[k + 1] = s.positives() == 0 ? 0 : s.truePositives()[k] / (double) s.positives();
        }
        return thin(new Curve(x, y));
    }

    /** Recall against precision at each threshold, highest threshold first. */
    static Curve precisionRecall(double[] scores, boolean[] labels) {
        Steps s = steps(scores, labels);
        double[] x = new double[s.seen().length];
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = s.positives() == 0 ? 0 : s.truePositives()[k] / (double) s.positives();
            y[k] = s.truePositives()[k] / (double) s.seen()[k];
        }
        return thin(new Curve(x, y));
    }

    /** Share of examples targeted (highest scores first) against the share of all positives they hold. */
    static Curve gain(double[] scores, boolean[] labels) {
        Steps s = steps(scores, labels);
        double[] x = new double[s.seen().length + 1];
        double[] y = new double[x.length];
        for (int k = 0; k < s.seen().length; k++) {
            x[k + 1] = s.seen()[k] / (double) s.total();
            y[k + 1] = s.positives() == 0 ? 0 : s.truePositives()[k] / (double) s.positives();
        }
        return thin(new Curve(x, y));
    }

    /**
     * Lift at each tenth of the examples targeted: the positive rate among the top share over the overall rate.
     * Ties straddling a cut are split pro rata, so a tied heuristic gets its average lift there.
     */
    static double[] liftByDecile(double[] scores, boolean[] labels) {
        Steps s = steps(scores, labels);
        double[] lift = new double[10];
        double rate = s.positives() / (double) Math.max(1, s.total());
        int k = 0;
        for (int d = 1; d <= 10; d++) {
            double cut = d * s.total() / 10.0;
            while (k < s.seen().length - 1 && s.seen()[k] < cut) {
                k++;
            }
            long seenBefore = k == 0 ? 0 : s.seen()[k - 1];
            long tpBefore = k == 0 ? 0 : s.truePositives()[k - 1];
            double within = s.seen()[k] == seenBefore ? 0 : (cut - seenBefore) / (s.seen()[k] - seenBefore);
            double captured = tpBefore + within * (s.truePositives()[k] - tpBefore);
            lift[d - 1] = rate == 0 ? Double.NaN : captured / cut / rate;
        }
        return lift;
    }

    /** Keeps at most {@link #MAX_POINTS} points, always the first and the last. */
    static Curve thin(Curve c) {
        if (c.size() <= MAX_POINTS) {
            return c;
        }
        double[] x = new double[MAX_POINTS];
        double[] y = new double[MAX_POINTS];
        for (int k = 0; k < MAX_POINTS; k++) {
            int from = (int) Math.round(k * (c.size() - 1) / (double) (MAX_POINTS - 1));
            x[k] = c.x()[from];
            y[k] = c.y()[from];
        }
        return new Curve(x, y);
    }
}
