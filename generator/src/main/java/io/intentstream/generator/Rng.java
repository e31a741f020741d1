package io.intentstream.generator;

/**
 * A small, fast, seedable random source (SplitMix64) with the distributions the generator draws from.
 *
 * <p>Not {@link java.util.Random}: that one is synchronised and its stream is tied to the JDK; this
 * one is a single {@code long} of state, so every session can own one and stay reproducible no
 * matter how sessions interleave.
 */
final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    Rng(long seed) {
        this.state = seed;
    }

    /** A well-mixed seed for an independent stream identified by {@code (seed, stream, index)}. */
    static long derive(long seed, long stream, long index) {
        return mix(mix(seed ^ mix(stream * GOLDEN)) + index * GOLDEN);
    }

    /** The SplitMix64 finaliser: a bijection on 64-bit values with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform double in [0, 1) from a hash value, for quantities fixed per product or user. */
    static double unit(long hash) {
        return (hash >>> 11) * DOUBLE_UNIT;
    }

    /** Restarts the stream from a new seed, so hot paths can reuse one instance. */
    void reseed(long seed) {
        state = seed;
        hasSpare = false;
    }

    long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in (0, 1]: safe to take the logarithm of. */
    double nextOpenDouble() {
        return ((nextLong() >>> 11) + 1) * DOUBLE_UNIT;
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** Standard normal (Marsaglia's polar method; the second value is kept for the next call). */
    double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    /** Log-normal with the given median and log-scale spread. */
    double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * nextGaussian());
    }

    /** Exponential with the given mean. */
    double exponential(double mean) {
        return -mean * Math.log(nextOpenDouble());
    }

    /** Number of failures before the first success, success probability {@code p} per trial. */
    int geometric(double p) {
        if (p >= 1) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.floor(Math.log(nextOpenDouble()) / Math.log1p(-p)));
    }

    /** Beta(a, b) for a, b >= 1 via two gamma draws (Marsaglia and Tsang). */
    double beta(double a, double b) {
        double x = gamma(a);
        double y = gamma(b);
        return x / (x + y);
    }

    /** Gamma(shape, 1); shapes below 1 use the boost {@code Gamma(a) = Gamma(a+1) * U^(1/a)}. */
    double gamma(double shape) {
        if (shape < 1) {
            return gamma(shape + 1) * Math.pow(nextOpenDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = nextOpenDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** Index drawn from cumulative weights (last entry is the total). */
    int pick(double[] cumulative) {
        double target = nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Standard normal CDF (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7). */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erf = 1 - poly * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /** A standard normal quantile from a hash, for per-product and per-user fixed attributes. */
    static double gaussianFromHash(long hash) {
        // Sum of four uniforms, rescaled: bell-shaped, bounded at +-3.46, cheap and deterministic.
        double s = 0;
        for (int i = 0; i < 4; i++) {
            s += (hash & 0xFFFF) / 65536.0;
            hash >>>= 16;
        }
        return (s - 2) * Math.sqrt(3);
    }
}
