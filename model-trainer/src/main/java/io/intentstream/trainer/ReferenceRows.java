package io.intentstream.trainer;

import io.intentstream.model.BundleMetadata;
import io.intentstream.model.XGBoostScorer;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the reference batch stored in a bundle: real example rows spread over the whole history plus
 * rows of missing and extreme values, with XGBoost4J's margins, so that any other scorer can prove at
 * load time that it computes exactly what XGBoost computes.
 */
final class ReferenceRows {
    static final int REAL_ROWS = 496;

    private ReferenceRows() {}

    static BundleMetadata.ReferenceBatch build(ExampleSet examples, XGBoostScorer scorer) {
        int w = examples.width();
        List<float[]> rows = new ArrayList<>();
        int take = Math.min(REAL_ROWS, examples.rows());
        for (int k = 0; k < take; k++) {
            int r = (int) ((long) k * examples.rows() / take);
            float[] row = new float[w];
            examples.copyRow(r, row, 0);
            rows.add(row);
        }
        float[] special = {Float.NaN, 0f, -0f, 1e-30f, -1e30f, 1e30f, Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int k = 0; k < special.length; k++) {
            float[] row = new float[w];
            for (int c = 0; c < w; c++) {
                // Mix the special value with NaNs so both default directions and thresholds are exercised.
                row[c] = (c + k) % 3 == 0 ? Float.NaN : special[k];
            }
            rows.add(row);
        }
        float[] flat = new float[rows.size() * w];
        for (int k = 0; k < rows.size(); k++) {
            System.arraycopy(rows.get(k), 0, flat, k * w, w);
        }
        float[] margins = scorer.marginBatch(flat, rows.size());
        BundleMetadata.ReferenceBatch batch = new BundleMetadata.ReferenceBatch();
        for (int k = 0; k < rows.size(); k++) {
            List<Float> values = new ArrayList<>(w);
            for (float v : rows.get(k)) {
                values.add(v);
            }
            batch.features.add(values);
            batch.margins.add(margins[k]);
        }
        return batch;
    }
}
