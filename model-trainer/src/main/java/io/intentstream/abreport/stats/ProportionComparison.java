package io.intentstream.abreport.stats;

/**
 * A treatment's rate against a control's, with independent trials on each side.
 *
 * @param difference treatment rate minus control rate, with {@code differenceInterval} the unpooled Wald interval
 * @param relativeUplift treatment rate / control rate - 1, with {@code upliftInterval} from the log of the ratio
 *     (Katz et al. 1978), undefined when either side has no successes
 * @param z the pooled two-proportion z statistic, {@code pValue} its two-sided p-value (NaN when both sides have only
 *     successes or only failures)
 */
public record ProportionComparison(
        Proportion treatment,
        Proportion control,
        double difference,
        Interval differenceInterval,
        double relativeUplift,
        Interval upliftInterval,
        double z,
        double pValue) {

    public static ProportionComparison of(Proportion treatment, Proportion control, double confidence) {
        double q = Distributions.normalQuantile(confidence);
        if (treatment.trials() == 0 || control.trials() == 0) {
            return new ProportionComparison(treatment, control, Double.NaN, Interval.UNDEFINED, Double.NaN,
                    Interval.UNDEFINED, Double.NaN, Double.NaN);
        }
        double pt = treatment.rate();
        double pc = control.rate();
        double nt = treatment.trials();
        double nc = control.trials();
        double difference = pt - pc;
        // The interval uses each side's own variance; the test below uses the pooled one, its variance under H0.
        double se = Math.sqrt(pt * (1 - pt) / nt + pc * (1 - pc) / nc);
        Interval differenceInterval = new Interval(difference - q * se, difference + q * se);

        double pooled = (double) (treatment.successes() + control.successes()) / (nt + nc);
        double se0 = Math.sqrt(pooled * (1 - pooled) * (1 / nt + 1 / nc));
        double z = se0 > 0 ? difference / se0 : Double.NaN;
        double p = se0 > 0 ? Distributions.normalTwoSided(z) : Double.NaN;

        double uplift = pc > 0 ? pt / pc - 1 : Double.NaN;
        Interval upliftInterval = Interval.UNDEFINED;
        if (treatment.successes() > 0 && control.successes() > 0) {
            double logRatio = Math.log(pt / pc);
            double seLog = Math.sqrt(1.0 / treatment.successes() - 1 / nt + 1.0 / control.successes() - 1 / nc);
            upliftInterval = new Interval(Math.exp(logRatio - q * seLog) - 1, Math.exp(logRatio + q * seLog) - 1);
        }
        return new ProportionComparison(treatment, control, difference, differenceInterval, uplift, upliftInterval, z, p);
    }
}
