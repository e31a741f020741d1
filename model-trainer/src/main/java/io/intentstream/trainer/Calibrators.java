package io.intentstream.trainer;

import io.intentstream.model.Calibration;
import java.util.Arrays;

/**
 * Fits the two monotone calibrations a bundle can carry, from margins and labels: centred isotonic regression
 * and Platt scaling. Written out rather than taken from a library: Commons Math has neither, and the libraries
 * that do (Smile, Weka) are large and GPL-licensed; both fits are a few dozen lines.
 */
final class Calibrators {
    private Calibrators() {}

    /**
     * Centred isotonic regression (Oron and Flournoy, 2017): the pool-adjacent-violators fit of the positive rate
     * as a non-decreasing function of the margin, each pooled block placed at its mean margin, straight lines in
     * between. Plain isotonic regression's steps would give every margin of a block the same propensity and so
     * tie scores that the model ranks apart; the centred curve rises strictly between blocks. Propensities are
     * kept within {@code [1/(2n), 1 - 1/(2n)]}: a block without a purchase has not shown that purchases are
     * impossible there, and a propensity of 0 would make one such purchase cost an infinite log loss.
     *
     * @param rows indices into {@code margins}/{@code labels} to fit on
     */
    static Calibration isotonic(float[] margins, boolean[] labels, int[] rows) {
        int n = rows.length;
        if (n == 0) {
            throw new IllegalArgumentException("no examples to fit a calibration on");
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) orderedBits(margins[rows[i]]) << 32) | i;
        }
        Arrays.sort(keys);
        // Blocks as a stack: sums of margins, positives and counts.
        double[] sumX = new double[n];
        double[] sumY = new double[n];
        double[] count = new double[n];
        int top = 0;
        for (int k = 0; k < n; k++) {
            int row = rows[(int) keys[k]];
            float x = margins[row];
            double y = labels[row] ? 1 : 0;
            boolean sameMargin = top > 0 && k > 0 && margins[rows[(int) keys[k - 1]]] == x;
            if (sameMargin) {
                sumX[top - 1] += x;
                sumY[top - 1] += y;
                count[top - 1] += 1;
            } else {
                sumX[top] = x;
                sumY[top] = y;
                count[top] = 1;
                top++;
            }
            // Pool while the previous block's rate is not below the last one's, so rates rise strictly.
            while (top > 1 && sumY[top - 2] * count[top - 1] >= sumY[top - 1] * count[top - 2]) {
                sumX[top - 2] += sumX[top - 1];
                sumY[top - 2] += sumY[top - 1];
                count[top - 2] += count[top - 1];
                top--;
            }
        }
        double floor = 0.5 / n;
        float[] knotMargins = new float[top];
        double[] knotPropensities = new double[top];
        int knots = 0;
        for (int b = 0; b < top; b++) {
            float x = (float) (sumX[b] / count[b]);
            double p = Math.min(1 - floor, Math.max(floor, sumY[b] / count[b]));
            if (knots > 0 && !(x > knotMargins[knots - 1])) {
                // Two block centres that round to one float: keep the later (higher) rate, which stays monotone.
                knotPropensities[knots - 1] = Math.max(knotPropensities[knots - 1], p);
                continue;
            }
            knotMargins[knots] = x;
            knotPropensities[knots] = p;
            knots++;
        }
        return Calibration.isotonic(Arrays.copyOf(knotMargins, knots), Arrays.copyOf(knotPropensities, knots));
    }

    /**
     * Platt scaling: the logistic regression of the label on the margin, {@code p = 1 / (1 + exp(-(a m + b)))},
     * fitted by Newton's method from {@code a = 1, b = 0} (XGBoost's own sigmoid).
     *
     * @return {@code null} when the fit does not give a positive slope (the margins carry no order to keep)
     */
    static Calibration platt(float[] margins, boolean[] labels, int[] rows) {
        double a = 1;
        double b = 0;
        for (int iteration = 0; iteration < 100; iteration++) {
            double ga = 0;
            double gb = 0;
            double haa = 0;
            double hab = 0;
            double hbb = 0;
            for (int row : rows) {
                double m = margins[row];
                double p = sigmoid(a * m + b);
                double r = p - (labels[row] ? 1 : 0);
                double w = Math.max(p * (1 - p), 1e-12);
                ga += r * m;
                gb += r;
                haa += w * m * m;
                hab += w * m;
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (!(det > 0)) {
                break;
            }
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            // Halve the step until the log loss does not get worse: Newton can overshoot on separable data.
            double before = logLoss(margins, labels, rows, a, b);
            double step = 1;
            while (step > 1e-6 && logLoss(margins, labels, rows, a - step * da, b - step * db) > before) {
                step /= 2;
            }
            a -= step * da;
            b -= step * db;
            if (Math.abs(step * da) < 1e-10 && Math.abs(step * db) < 1e-10) {
                break;
            }
        }
        return a > 0 && Double.isFinite(a) && Double.isFinite(b) ? Calibration.platt(a, b) : null;
    }

    private static double logLoss(float[] margins, boolean[] labels, int[] rows, double a, double b) {
        double sum = 0;
        for (int row : rows) {
            double z = a * margins[row] + b;
            // log(1 + exp(-z)) or log(1 + exp(z)), computed without overflow.
            double t = labels[row] ? -z : z;
            sum += t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
        }
        return sum / rows.length;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** An int that orders like the float (negative floats reversed below the positive ones). */
    private static int orderedBits(float x) {
        int bits = Float.floatToIntBits(x);
        return bits < 0 ? ~bits ^ 0x80000000 : bits;
    }
}
