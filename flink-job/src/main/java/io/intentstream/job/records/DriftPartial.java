package io.intentstream.job.records;

import io.intentstream.monitoring.DriftCounts;

/** One window's histograms of the monitored values for one model version, from one subtask or merged. */
public class DriftPartial {
    /** What the window is grouped by: the model version (with A/B arms: version and arm, see {@link MonitoredGroup}). */
    public String group;
    public String modelVersion;
    /** Window bounds, epoch ms UTC, end exclusive. */
    public long windowStart;
    public long windowEnd;
    public DriftCounts counts;

    public DriftPartial() {}
}
