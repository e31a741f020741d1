package io.intentstream.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;

/**
 * The binned distribution of one value (a feature or the propensity) in the reference data: bin edges from
 * the reference's quantiles and the share of reference values in each bin, missing values (NaN) in a bin of
 * their own, the last one.
 *
 * <p>Bin {@code i < edges.length} holds the values {@code edges[i-1] < x <= edges[i]}, bin {@code edges.length}
 * the values above the last edge. Edges are distinct, so a value with many ties (a 0/1 flag, a small count) gets
 * a bin of its own instead of being split between bins.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class ReferenceDistribution implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @JsonProperty("edges")
    public double[] edges = new double[0];

    /** One share per bin: {@code edges.length + 1} value bins, then the missing bin; they sum to 1. */
    @JsonProperty("proportions")
    public double[] proportions = new double[] {0, 1};

    public ReferenceDistribution() {}

    /** Value bins plus the missing bin. */
    public int bins() {
        return edges.length + 2;
    }

    /** The bin of {@code x}; NaN falls in the missing bin. */
    public int bin(double x) {
        if (Double.isNaN(x)) {
            return edges.length + 1;
        }
        // Few edges (at most quantileBins - 1): a linear scan beats a binary search's branches.
        for (int i = 0; i < edges.length; i++) {
            if (x <= edges[i]) {
                return i;
            }
        }
        return edges.length;
    }

    /**
     * The distribution of a sample with edges at its {@code quantileBins}-quantiles (the lower nearest-rank value
     * at {@code k / quantileBins}, duplicates dropped).
     */
    public static ReferenceDistribution fromSample(double[] values, int quantileBins) {
        if (quantileBins < 2) {
            throw new IllegalArgumentException("need at least 2 quantile bins, got " + quantileBins);
        }
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        double[] edges = new double[Math.max(0, quantileBins - 1)];
        int distinct = 0;
        for (int k = 1; k < quantileBins && present.length > 0; k++) {
            int rank = (int) Math.ceil((double) k * present.length / quantileBins) - 1;
            double edge = present[Math.max(0, Math.min(present.length - 1, rank))];
            if (distinct == 0 || edge > edges[distinct - 1]) {
                edges[distinct++] = edge;
            }
        }
        ReferenceDistribution d = new ReferenceDistribution();
        d.edges = Arrays.copyOf(edges, distinct);
        long[] counts = new long[d.bins()];
        for (double v : values) {
            counts[d.bin(v)]++;
        }
        d.proportions = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            d.proportions[i] = values.length == 0 ? 0 : counts[i] / (double) values.length;
        }
        return d;
    }
}
