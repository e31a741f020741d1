package io.intentstream.monitoring;

import io.intentstream.evaluation.Metrics;
import java.util.Arrays;

/**
 * Closed sessions as (last propensity before conversion, converted) pairs: partial on one subtask, whole once
 * merged, then summarised by {@link #quality()}. Kept whole rather than binned so that the window's AUC is
 * exactly the one computed offline from the same sessions. Public fields, so Flink ships it as a POJO.
 */
public class ScoredOutcomes {
    public int size;
    public float[] scores = new float[0];
    public boolean[] converted = new boolean[0];

    public ScoredOutcomes() {}

    public void add(float score, boolean sessionConverted) {
        ensure(size + 1);
        scores[size] = score;
        converted[size] = sessionConverted;
        size++;
    }

    public void merge(ScoredOutcomes other) {
        ensure(size + other.size);
        System.arraycopy(other.scores, 0, scores, size, other.size);
        System.arraycopy(other.converted, 0, converted, size, other.size);
        size += other.size;
    }

    private void ensure(int capacity) {
        if (capacity > scores.length) {
            int grown = Math.max(capacity, Math.max(16, scores.length * 2));
            scores = Arrays.copyOf(scores, grown);
            converted = Arrays.copyOf(converted, grown);
        }
    }

    /** The live quality of these sessions (metrics of one class only, such as the AUC without conversions, are NaN). */
    public LiveQuality quality() {
        double[] p = new double[size];
        boolean[] y = Arrays.copyOf(converted, size);
        long conversions = 0;
        double sumPredicted = 0;
        for (int i = 0; i < size; i++) {
            p[i] = scores[i];
            sumPredicted += scores[i];
            if (y[i]) {
                conversions++;
            }
        }
        if (size == 0) {
            return new LiveQuality(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LiveQuality(size, conversions, Metrics.rocAuc(p, y), Metrics.prAuc(p, y), Metrics.brier(p, y),
                sumPredicted / size, conversions / (double) size);
    }
}
