package io.intentstream.abreport.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * The quantiles and tail probabilities the report needs, all from Commons Math. Built without a random generator
 * (the report never samples), which also spares the generator's seeding on every call.
 */
final class Distributions {
    private static final NormalDistribution NORMAL =
            new NormalDistribution(null, 0, 1, NormalDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);

    private Distributions() {}

    /** z such that a standard normal lies in [-z, z] with probability {@code confidence}. */
    static double normalQuantile(double confidence) {
        checkConfidence(confidence);
        return NORMAL.inverseCumulativeProbability(0.5 + confidence / 2);
    }

    /** Two-sided p-value of a standard normal statistic; computed from the lower tail, exact far out. */
    static double normalTwoSided(double z) {
        return 2 * NORMAL.cumulativeProbability(-Math.abs(z));
    }

    /** t such that Student's t with {@code df} degrees of freedom lies in [-t, t] with probability {@code confidence}. */
    static double studentQuantile(double confidence, double df) {
        checkConfidence(confidence);
        return student(df).inverseCumulativeProbability(0.5 + confidence / 2);
    }

    static double studentTwoSided(double t, double df) {
        return 2 * student(df).cumulativeProbability(-Math.abs(t));
    }

    /**
     * Upper tail of the chi-square distribution with {@code df} degrees of freedom: the p-value of a goodness-of-fit
     * statistic. It is the regularized upper incomplete gamma function Q(df/2, x/2), taken directly rather than as
     * {@code 1 - cdf}, which rounds every p-value below about 1e-16 to zero.
     */
    static double chiSquareUpperTail(double statistic, int df) {
        return Gamma.regularizedGammaQ(df / 2.0, statistic / 2.0);
    }

    private static TDistribution student(double df) {
        return new TDistribution(null, df, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
    }

    static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
    }
}
