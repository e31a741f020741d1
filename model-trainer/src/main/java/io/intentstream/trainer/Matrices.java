package io.intentstream.trainer;

import java.util.Arrays;

/**
 * The train and validation rows, row-major, ready for XGBoost, and the size of the test side. Test rows are
 * not copied: evaluation reads them from the example set in chunks, so memory does not grow with the test period.
 */
final class Matrices {
    final float[] trainRows;
    final float[] trainLabels;
    final float[] validationRows;
    final float[] validationLabels;
    final int testExamples;
    /** Train examples before sessions were sampled down to the limit. */
    final int trainExamplesBeforeSampling;

    private Matrices(float[] trainRows, float[] trainLabels, float[] validationRows, float[] validationLabels,
            int testExamples, int trainExamplesBeforeSampling) {
        this.trainExamplesBeforeSampling = trainExamplesBeforeSampling;
        this.trainRows = trainRows;
        this.trainLabels = trainLabels;
        this.validationRows = validationRows;
        this.validationLabels = validationLabels;
        this.testExamples = testExamples;
    }

    /**
     * @param maxTrainExamples beyond this many train examples, whole train sessions are kept with a
     *     probability from a hash of their id: deterministic, and no session is split
     * @param maxValidationExamples the same for the validation sessions
     */
    static Matrices of(ExampleSet examples, TemporalSplit split, int maxTrainExamples, int maxValidationExamples) {
        int[] counts = new int[TemporalSplit.Side.values().length];
        for (int r = 0; r < examples.rows(); r++) {
            counts[split.sideOfRow(examples, r).ordinal()]++;
        }
        int trainBefore = counts[TemporalSplit.Side.TRAIN.ordinal()];
        double[] keep = new double[counts.length];
        Arrays.fill(keep, 1.0);
        keep[TemporalSplit.Side.TRAIN.ordinal()] = fraction(trainBefore, maxTrainExamples);
        keep[TemporalSplit.Side.VALIDATION.ordinal()] = fraction(counts[TemporalSplit.Side.VALIDATION.ordinal()], maxValidationExamples);
        if (keep[TemporalSplit.Side.TRAIN.ordinal()] < 1.0 || keep[TemporalSplit.Side.VALIDATION.ordinal()] < 1.0) {
            Arrays.fill(counts, 0);
            for (int r = 0; r < examples.rows(); r++) {
                counts[side(examples, split, r, keep).ordinal()]++;
            }
        }
        int w = examples.width();
        float[][] rows = new float[counts.length][];
        float[][] labels = new float[counts.length][];
        for (TemporalSplit.Side side : TemporalSplit.Side.values()) {
            int n = side == TemporalSplit.Side.EXCLUDED || side == TemporalSplit.Side.TEST ? 0 : counts[side.ordinal()];
            rows[side.ordinal()] = new float[n * w];
            labels[side.ordinal()] = new float[n];
        }
        int[] filled = new int[counts.length];
        for (int r = 0; r < examples.rows(); r++) {
            TemporalSplit.Side side = side(examples, split, r, keep);
            if (side == TemporalSplit.Side.EXCLUDED || side == TemporalSplit.Side.TEST) {
                continue;
            }
            int i = filled[side.ordinal()]++;
            examples.copyRow(r, rows[side.ordinal()], i * w);
            labels[side.ordinal()][i] = examples.label(r) ? 1f : 0f;
        }
        int train = TemporalSplit.Side.TRAIN.ordinal();
        int validation = TemporalSplit.Side.VALIDATION.ordinal();
        int test = TemporalSplit.Side.TEST.ordinal();
        return new Matrices(rows[train], labels[train], rows[validation], labels[validation], counts[test], trainBefore);
    }

    private static double fraction(int examples, int limit) {
        return examples <= limit ? 1.0 : limit / (double) examples;
    }

    /** The row's side, with sessions outside their side's sample counted as excluded. */
    private static TemporalSplit.Side side(ExampleSet examples, TemporalSplit split, int row, double[] keep) {
        TemporalSplit.Side side = split.sideOfRow(examples, row);
        double k = keep[side.ordinal()];
        if (k < 1.0) {
            long hash = examples.sessionKey(examples.sessionOf(row));
            double u = (hash >>> 11) * 0x1.0p-53;
            return u < k ? side : TemporalSplit.Side.EXCLUDED;
        }
        return side;
    }
}
