package io.intentstream.abreport.stats;

/**
 * Count, sum and sum of squares of non-negative whole numbers (conversions per user), kept as exact integers so that
 * arms merge without rounding and the variance has no cancellation error.
 */
public record Moments(long n, long sum, long sumOfSquares) {
    public static final Moments EMPTY = new Moments(0, 0, 0);

    public Moments add(long value) {
        return new Moments(n + 1, sum + value, sumOfSquares + value * value);
    }

    public Moments plus(Moments other) {
        return new Moments(n + other.n, sum + other.sum, sumOfSquares + other.sumOfSquares);
    }

    public double mean() {
        return n == 0 ? Double.NaN : (double) sum / n;
    }

    /** The sample variance (n - 1 in the denominator); NaN below two values. */
    public double variance() {
        if (n < 2) {
            return Double.NaN;
        }
        // n * sum(x^2) - sum(x)^2 is an exact integer for any count a report meets (conversions per user are small).
        long numerator = Math.subtractExact(Math.multiplyExact(n, sumOfSquares), Math.multiplyExact(sum, sum));
        return numerator / ((double) n * (n - 1));
    }
}
