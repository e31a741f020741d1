package io.intentstream.model;

/** Turns one feature vector into a purchase probability. Implementations are not thread-safe. */
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

    /** A short name for logs and metrics, e.g. {@code xgboost4j}. */
    String name();

    @Override
    void close();
}
