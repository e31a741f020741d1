package io.intentstream.model;

/**
 * Turns one feature vector into a purchase probability, with the bundle's calibration applied when it has one.
 * Implementations are not thread-safe.
 */
public interface PropensityScorer extends AutoCloseable {
    /** Probability in [0, 1] for one row of {@link io.intentstream.features.FeatureSchema#SIZE} features (NaN = missing). */
    float predict(float[] features);

    /**
     * Probabilities for {@code rows} rows of {@code width} features stored one after another in {@code data},
     * written to {@code out[0..rows)}. Scorers with a fixed cost per call (XGBoost4J's native setup) override
     * this to pay it once per batch; the default scores row by row. If it throws, no row has a result.
     */
    default void predictBatch(float[] data, int rows, int width, float[] out) {
        float[] row = new float[width];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(data, i * width, row, 0, width);
            out[i] = predict(row);
        }
    }

    /**
     * Whether rows are worth holding back to score them together: true where a call has a fixed cost far above a
     * row's (XGBoost4J), false where a row costs the same alone (the Java evaluator).
     */
    default boolean prefersBatches() {
        return false;
    }

    /**
     * Whether {@link #contributions} works: true for the Java evaluator on a model that stores node covers
     * (every model XGBoost trains does).
     */
    default boolean explains() {
        return false;
    }

    /**
     * TreeSHAP contributions of each feature to the margin (log-odds, before any calibration) of one row:
     * {@code out[f]} for feature f and {@code out[features.length]} for the bias; see
     * {@link JavaTreeScorer#contributions}. Only where {@link #explains()} is true.
     */
    default void contributions(float[] features, float[] out) {
        throw new UnsupportedOperationException("the " + name() + " scorer does not compute feature contributions;"
                + " explaining scores needs the Java evaluator (--scorer java or auto)");
    }

    /** A short name for logs and metrics, e.g. {@code xgboost4j}. */
    String name();

    @Override
    void close();
}
