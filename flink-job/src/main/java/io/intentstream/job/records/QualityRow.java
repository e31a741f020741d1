package io.intentstream.job.records;

/** Live model quality over the sessions that ended in one window: a row of the model_quality table. */
public class QualityRow {
    public long windowStart;
    public long windowEnd;
    public String modelVersion;
    public long sessions;
    public long conversions;
    public double rocAuc;
    public double prAuc;
    public double brier;
    /** Mean last propensity before conversion. */
    public double meanPredicted;
    /** Share of the sessions that converted. */
    public double observedRate;

    public QualityRow() {}
}
