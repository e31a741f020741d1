package io.intentstream.abreport.stats;

/** A confidence interval; both ends NaN when the data cannot give one (e.g. no trials). */
public record Interval(double lower, double upper) {
    public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN);

    public boolean isDefined() {
        return !Double.isNaN(lower) && !Double.isNaN(upper);
    }

    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}
