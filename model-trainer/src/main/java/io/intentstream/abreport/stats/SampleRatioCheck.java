package io.intentstream.abreport.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Sample-ratio mismatch: a chi-square goodness-of-fit test of the units (users) observed in each group against the
 * shares they were assigned with. A mismatch means the split, the logging or the filters lost or moved units
 * unevenly, and every comparison of those groups is suspect, however significant.
 *
 * @param expected the expected count of each group: its share times all units observed
 * @param statistic Pearson's chi-square over the groups with a positive share, {@code df} = those groups - 1
 * @param pValue upper tail of chi-square(df); 0 when units turned up in a group whose share is 0
 * @param mismatch {@code pValue < threshold}
 */
public record SampleRatioCheck(List<Long> observed, List<Double> shares, List<Double> expected, double statistic, int df,
        double pValue, double threshold, boolean mismatch) {

    /** Groups in the same order in {@code observed} and {@code shares}; the shares must add up to 1. */
    public static SampleRatioCheck of(long[] observed, double[] shares, double threshold) {
        if (observed.length != shares.length || observed.length < 2) {
            throw new IllegalArgumentException("need one share per group and at least two groups");
        }
        double shareSum = 0;
        for (double s : shares) {
            if (!(s >= 0 && s <= 1)) {
                throw new IllegalArgumentException("a share must be in [0, 1], got " + s);
            }
            shareSum += s;
        }
        if (Math.abs(shareSum - 1) > 1e-9) {
            throw new IllegalArgumentException("shares must add up to 1, got " + shareSum);
        }
        long total = 0;
        for (long o : observed) {
            total += o;
        }
        List<Long> obs = new ArrayList<>();
        List<Double> shr = new ArrayList<>();
        List<Double> exp = new ArrayList<>();
        double statistic = 0;
        int groups = 0;
        boolean unexpectedUnits = false;
        for (int i = 0; i < observed.length; i++) {
            double e = shares[i] * total;
            obs.add(observed[i]);
            shr.add(shares[i]);
            exp.add(e);
            if (shares[i] > 0) {
                statistic += (observed[i] - e) * (observed[i] - e) / e;
                groups++;
            } else if (observed[i] > 0) {
                unexpectedUnits = true;
            }
        }
        int df = groups - 1;
        double p;
        if (unexpectedUnits) {
            p = 0;
        } else if (total == 0 || df < 1) {
            p = Double.NaN;
        } else {
            p = Distributions.chiSquareUpperTail(statistic, df);
        }
        return new SampleRatioCheck(List.copyOf(obs), List.copyOf(shr), List.copyOf(exp), statistic, df, p, threshold,
                p < threshold);
    }

    /** True when the test could be run: units were observed and at least two groups have a positive share. */
    public boolean applicable() {
        return !Double.isNaN(pValue);
    }
}
