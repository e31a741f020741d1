package io.intentstream.job.records;

import io.intentstream.monitoring.ScoredOutcomes;

/** The sessions of one window and model version, scored and labelled, from one subtask or merged. */
public class QualityPartial {
    /** What the window is grouped by (see {@link MonitoredGroup}). */
    public String group;
    public String modelVersion;
    /** Window bounds, epoch ms UTC, end exclusive: sessions whose last event falls in them. */
    public long windowStart;
    public long windowEnd;
    public ScoredOutcomes outcomes;

    public QualityPartial() {}
}
