package io.intentstream.model;

import io.intentstream.features.FeatureSchema;
import java.util.Arrays;

/**
 * Scores the engine's full feature rows with a bundle of an older schema version, whose features are the first
 * {@code width} of them ({@link FeatureSchema}): each row is cut to its prefix in a buffer kept between calls, so
 * the bundle's own scorer sees exactly the rows it was trained on.
 */
public final class PrefixScorer implements PropensityScorer {
    private final PropensityScorer scorer;
    private final int width;
    private final float[] row;
    private float[] rows = new float[0];

    private PrefixScorer(PropensityScorer scorer, int width) {
        this.scorer = scorer;
        this.width = width;
        this.row = new float[width];
    }

    /** {@code scorer} as is when its bundle reads the engine's full row, else wrapped to read the row's prefix. */
    public static PropensityScorer forEngineRows(PropensityScorer scorer, BundleMetadata bundle) {
        int width = bundle.featureNames.size();
        return width == FeatureSchema.SIZE ? scorer : new PrefixScorer(scorer, width);
    }

    @Override
    public float predict(float[] features) {
        System.arraycopy(features, 0, row, 0, width);
        return scorer.predict(row);
    }

    @Override
    public void predictBatch(float[] data, int n, int fullWidth, float[] out) {
        if (rows.length < n * width) {
            rows = new float[n * width];
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(data, i * fullWidth, rows, i * width, width);
        }
        scorer.predictBatch(rows, n, width, out);
    }

    @Override
    public boolean prefersBatches() {
        return scorer.prefersBatches();
    }

    @Override
    public boolean explains() {
        return scorer.explains();
    }

    /** Contributions as for a full row: the features after the prefix contribute nothing; the bias is last. */
    @Override
    public void contributions(float[] features, float[] out) {
        System.arraycopy(features, 0, row, 0, width);
        scorer.contributions(row, out);
        float bias = out[width];
        Arrays.fill(out, width, features.length, 0f);
        out[features.length] = bias;
    }

    @Override
    public String name() {
        return scorer.name();
    }

    @Override
    public void close() {
        scorer.close();
    }
}
