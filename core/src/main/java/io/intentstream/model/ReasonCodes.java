package io.intentstream.model;

/**
 * Reason codes for scores, ready for a scoring operator: for one row, the top-k features by absolute TreeSHAP
 * contribution ({@link PropensityScorer#contributions}, {@link TopContributions}), in buffers made once and
 * reused, so explaining an event allocates nothing. Like the scorer it wraps, not thread-safe: one per subtask.
 *
 * <p>Made in {@code open()} next to the scorer; refuses a scorer that cannot explain (XGBoost4J, or a model
 * without node covers) with a message that says so, so a job started with {@code --explain} fails at start rather
 * than per event.
 */
public final class ReasonCodes {
    private final PropensityScorer scorer;
    private final int numFeatures;
    private final int k;
    private final float[] contributions;
    private final int[] features;
    private final float[] values;
    private int count;

    /**
     * @param numFeatures the row width, e.g. {@code FeatureSchema.SIZE}
     * @param k reasons per score, at least 1
     * @throws IllegalArgumentException when {@code scorer} cannot explain or {@code k} is not positive
     */
    public ReasonCodes(PropensityScorer scorer, int numFeatures, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k for reason codes must be at least 1, got " + k);
        }
        if (!scorer.explains()) {
            throw new IllegalArgumentException("explaining scores needs the Java evaluator with a model that stores"
                    + " node covers; the bundle is scored by " + scorer.name() + " (run with --scorer java or auto, or"
                    + " without --explain)");
        }
        this.scorer = scorer;
        this.numFeatures = numFeatures;
        this.k = k;
        this.contributions = new float[numFeatures + 1];
        this.features = new int[k];
        this.values = new float[k];
    }

    /** Explains one row (the same row the scorer just scored); returns how many reasons it has, at most k. */
    public int explain(float[] row) {
        scorer.contributions(row, contributions);
        count = TopContributions.select(contributions, numFeatures, k, features, values);
        return count;
    }

    /** Reasons of the last {@link #explain}, at most k. */
    public int count() {
        return count;
    }

    /** The feature index of reason {@code i} (0 is the strongest); its name is {@code FeatureSchema.names().get(..)}. */
    public int feature(int i) {
        return features[checked(i)];
    }

    /** The signed contribution of reason {@code i} to the margin (log-odds): positive raised the propensity. */
    public float contribution(int i) {
        return values[checked(i)];
    }

    /** The bias of the last row: the trees' expected margin plus the base margin, the same for every row. */
    public float bias() {
        return contributions[numFeatures];
    }

    private int checked(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("reason " + i + " of " + count);
        }
        return i;
    }
}
