package io.intentstream.monitoring;

/**
 * The population stability index of binned counts against reference proportions, with Evidently's conventions:
 * {@code sum((a - r) * ln(a / r))} over the bins, an empty share on either side replaced by {@link #EMPTY_SHARE},
 * and below 0.1 stable, 0.1 to 0.25 moderate, above 0.25 significant.
 */
public final class Psi {
    /** Stands in for a share of 0, whose logarithm is undefined (Evidently uses the same value). */
    public static final double EMPTY_SHARE = 1e-4;
    public static final double MODERATE = 0.1;
    public static final double SIGNIFICANT = 0.25;

    /** How far a distribution moved. */
    public enum Level { STABLE, MODERATE, SIGNIFICANT }

    private Psi() {}

    /**
     * @param reference shares of the reference per bin
     * @param counts counts of the current window, {@code reference.length} of them from {@code offset}
     * @return the PSI, NaN when the window counted nothing
     */
    public static double of(double[] reference, long[] counts, int offset) {
        long total = 0;
        for (int i = 0; i < reference.length; i++) {
            total += counts[offset + i];
        }
        if (total == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = reference[i] > 0 ? reference[i] : EMPTY_SHARE;
            double a = counts[offset + i] > 0 ? counts[offset + i] / (double) total : EMPTY_SHARE;
            psi += (a - r) * Math.log(a / r);
        }
        return psi;
    }

    public static Level level(double psi) {
        if (psi > SIGNIFICANT) {
            return Level.SIGNIFICANT;
        }
        return psi >= MODERATE ? Level.MODERATE : Level.STABLE;
    }
}
