package io.intentstream.job.records;

/** The PSI of one monitored value (a feature, or {@code propensity}) in one closed window: a row of the drift table. */
public class DriftRow {
    public long windowStart;
    public long windowEnd;
    public String modelVersion;
    public String feature;
    public double psi;
    /** stable, moderate or significant (Evidently's thresholds 0.1 and 0.25). */
    public String level;
    /** Scored events in the window. */
    public long events;

    public DriftRow() {}
}
