package io.intentstream.monitoring;

/**
 * One window's histogram of every monitored value, laid out by a {@link DriftLayout}: partial on one subtask,
 * whole once merged. Public fields and a no-argument constructor, so Flink ships it as a POJO.
 */
public class DriftCounts {
    public long events;
    public long[] counts = new long[0];

    public DriftCounts() {}

    /** Adds another histogram of the same layout into this one. */
    public void merge(DriftCounts other) {
        if (counts.length == 0) {
            counts = new long[other.counts.length];
        }
        if (other.counts.length != counts.length) {
            throw new IllegalArgumentException("cannot merge histograms of " + counts.length + " and " + other.counts.length
                    + " bins (different reference distributions?)");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        events += other.events;
    }
}
