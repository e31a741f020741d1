package io.intentstream.abreport.stats;

/** A count of successes among independent trials: converted sessions among sessions, or converted users among users. */
public record Proportion(long successes, long trials) {
    public Proportion {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + " of " + trials);
        }
    }

    public Proportion plus(Proportion other) {
        return new Proportion(successes + other.successes, trials + other.trials);
    }

    /** The observed rate; NaN without trials. */
    public double rate() {
        return trials == 0 ? Double.NaN : (double) successes / trials;
    }

    /**
     * The Wilson score interval (no continuity correction). Unlike the Wald interval it stays inside [0, 1] and keeps
     * close to its nominal coverage at the low rates and small arms of conversion tests, including 0 successes.
     */
    public Interval wilson(double confidence) {
        double z = Distributions.normalQuantile(confidence);
        if (trials == 0) {
            return Interval.UNDEFINED;
        }
        double n = trials;
        double p = rate();
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
