package io.intentstream.trainer;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks the real examples of the reference batch stored in a bundle: rows spread evenly over the whole
 * history (the batch adds probe rows on the model's split thresholds; see ReferenceBatches).
 */
final class ReferenceRows {
    static final int REAL_ROWS = 512;
    static final int PROBE_ROWS = 512;

    private ReferenceRows() {}

    static List<float[]> pick(ExampleSet examples) {
        List<float[]> rows = new ArrayList<>();
        int take = Math.min(REAL_ROWS, examples.rows());
        for (int k = 0; k < take; k++) {
            int r = (int) ((long) k * examples.rows() / take);
            float[] row = new float[examples.width()];
            examples.copyRow(r, row, 0);
            rows.add(row);
        }
        return rows;
    }
}
