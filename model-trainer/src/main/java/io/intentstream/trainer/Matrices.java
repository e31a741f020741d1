package io.intentstream.trainer;

/** The example rows of each split side, row-major, ready for XGBoost. */
final class Matrices {
    final float[] trainRows;
    final float[] trainLabels;
    final float[] validationRows;
    final float[] validationLabels;
    final float[] testRows;
    final float[] testLabels;

    private Matrices(float[] trainRows, float[] trainLabels, float[] validationRows, float[] validationLabels,
            float[] testRows, float[] testLabels) {
        this.trainRows = trainRows;
        this.trainLabels = trainLabels;
        this.validationRows = validationRows;
        this.validationLabels = validationLabels;
        this.testRows = testRows;
        this.testLabels = testLabels;
    }

    static Matrices of(ExampleSet examples, TemporalSplit split) {
        int[] counts = new int[TemporalSplit.Side.values().length];
        for (int r = 0; r < examples.rows(); r++) {
            counts[split.sideOfRow(examples, r).ordinal()]++;
        }
        int w = examples.width();
        float[][] rows = new float[counts.length][];
        float[][] labels = new float[counts.length][];
        for (TemporalSplit.Side side : TemporalSplit.Side.values()) {
            int n = side == TemporalSplit.Side.EXCLUDED ? 0 : counts[side.ordinal()];
            rows[side.ordinal()] = new float[n * w];
            labels[side.ordinal()] = new float[n];
        }
        int[] filled = new int[counts.length];
        for (int r = 0; r < examples.rows(); r++) {
            TemporalSplit.Side side = split.sideOfRow(examples, r);
            if (side == TemporalSplit.Side.EXCLUDED) {
                continue;
            }
            int i = filled[side.ordinal()]++;
            examples.copyRow(r, rows[side.ordinal()], i * w);
            labels[side.ordinal()][i] = examples.label(r) ? 1f : 0f;
        }
        int train = TemporalSplit.Side.TRAIN.ordinal();
        int validation = TemporalSplit.Side.VALIDATION.ordinal();
        int test = TemporalSplit.Side.TEST.ordinal();
        return new Matrices(rows[train], labels[train], rows[validation], labels[validation], rows[test], labels[test]);
    }
}
