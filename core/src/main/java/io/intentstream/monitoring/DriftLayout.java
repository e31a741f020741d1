package io.intentstream.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where each monitored value's bins lie in one flat array of counts (the monitored features in the bundle's
 * order, then the propensity), so a window's histogram of every value is one {@code long[]} that subtasks add up.
 */
public final class DriftLayout implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The PSI of one value in one window. */
    public record ValuePsi(String name, double psi) {}

    private final String[] names;
    /** Index in the feature vector; -1 for the propensity. */
    private final int[] featureIndex;
    private final ReferenceDistribution[] references;
    private final int[] offsets;
    private final int totalBins;

    private DriftLayout(List<String> names, List<Integer> featureIndex, List<ReferenceDistribution> references) {
        this.names = names.toArray(new String[0]);
        this.featureIndex = featureIndex.stream().mapToInt(Integer::intValue).toArray();
        this.references = references.toArray(new ReferenceDistribution[0]);
        this.offsets = new int[this.names.length];
        int total = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = total;
            total += this.references[i].bins();
        }
        this.totalBins = total;
    }

    /**
     * The layout of a bundle's reference distributions over its feature vector.
     *
     * @throws IllegalArgumentException if the references name a feature the vector does not have
     */
    public static DriftLayout of(ReferenceDistributions reference, List<String> featureNames) {
        List<String> names = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        List<ReferenceDistribution> refs = new ArrayList<>();
        for (Map.Entry<String, ReferenceDistribution> e : reference.features.entrySet()) {
            int i = featureNames.indexOf(e.getKey());
            if (i < 0) {
                throw new IllegalArgumentException("reference distribution for " + e.getKey() + ", which is not a feature");
            }
            names.add(e.getKey());
            index.add(i);
            refs.add(e.getValue());
        }
        if (reference.propensity != null) {
            names.add(ReferenceDistributions.PROPENSITY);
            index.add(-1);
            refs.add(reference.propensity);
        }
        return new DriftLayout(names, index, refs);
    }

    /** An empty histogram of this layout. */
    public DriftCounts newCounts() {
        DriftCounts c = new DriftCounts();
        c.counts = new long[totalBins];
        return c;
    }

    /** Counts one scored event. */
    public void add(DriftCounts into, float[] features, float propensity) {
        long[] counts = into.counts;
        for (int i = 0; i < names.length; i++) {
            double value = featureIndex[i] < 0 ? propensity : features[featureIndex[i]];
            counts[offsets[i] + references[i].bin(value)]++;
        }
        into.events++;
    }

    /** The PSI of every monitored value, in layout order (the propensity last). */
    public List<ValuePsi> psi(DriftCounts window) {
        if (window.counts.length != totalBins) {
            throw new IllegalArgumentException("histogram of " + window.counts.length + " bins, layout has " + totalBins);
        }
        List<ValuePsi> out = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            out.add(new ValuePsi(names[i], Psi.of(references[i].proportions, window.counts, offsets[i])));
        }
        return out;
    }

    /** The share of monitored features (not the propensity) whose PSI is significant (above 0.25). */
    public static double shareDrifted(List<ValuePsi> values) {
        int features = 0;
        int drifted = 0;
        for (ValuePsi v : values) {
            if (!v.name().equals(ReferenceDistributions.PROPENSITY)) {
                features++;
                if (Psi.level(v.psi()) == Psi.Level.SIGNIFICANT) {
                    drifted++;
                }
            }
        }
        return features == 0 ? Double.NaN : drifted / (double) features;
    }

    public List<String> names() {
        return List.of(names);
    }
}
