package io.intentstream.model;

/** Turns one feature vector into a purchase probability. Implementations are not thread-safe. */
public interface PropensityScorer extends AutoCloseable {
    /** Probability in [0, 1] for one row of {@link io.intentstream.features.FeatureSchema#SIZE} features (NaN = missing). */
    float predict(float[] features);

    /** A short name for logs and metrics, e.g. {@code xgboost4j}. */
    String name();

    @Override
    void close();
}
