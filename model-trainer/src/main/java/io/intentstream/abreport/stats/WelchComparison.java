package io.intentstream.abreport.stats;

/**
 * Welch's t-test of two means with unequal variances: the treatment's mean against the control's.
 *
 * @param difference treatment mean minus control mean, with {@code interval} from Student's t at {@code df}
 * @param df the Welch–Satterthwaite degrees of freedom
 * @param pValue two-sided; NaN when both sides have zero variance or fewer than two values
 */
public record WelchComparison(Moments treatment, Moments control, double difference, Interval interval, double t, double df,
        double pValue) {

    public static WelchComparison of(Moments treatment, Moments control, double confidence) {
        Distributions.checkConfidence(confidence);
        double difference = treatment.mean() - control.mean();
        double vt = treatment.variance() / treatment.n();
        double vc = control.variance() / control.n();
        double se2 = vt + vc;
        if (!(se2 > 0)) {
            return new WelchComparison(treatment, control, difference, Interval.UNDEFINED, Double.NaN, Double.NaN, Double.NaN);
        }
        double se = Math.sqrt(se2);
        double df = se2 * se2 / (vt * vt / (treatment.n() - 1) + vc * vc / (control.n() - 1));
        double t = difference / se;
        double q = Distributions.studentQuantile(confidence, df);
        return new WelchComparison(treatment, control, difference, new Interval(difference - q * se, difference + q * se),
                t, df, Distributions.studentTwoSided(t, df));
    }
}
