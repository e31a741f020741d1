package io.intentstream.job.functions;

import io.intentstream.job.records.DriftPartial;
import io.intentstream.job.records.MonitoredGroup;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.monitoring.DriftLayout;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Per subtask, each event-time window's histograms of the monitored features and the propensity of every score. */
public class DriftPartials extends WindowPartials<ScoreRecord, DriftPartial> {
    private static final long serialVersionUID = 1L;

    private final DriftLayout layout;

    public DriftPartials(DriftLayout layout, long windowMillis) {
        super(windowMillis, 0, TypeInformation.of(DriftPartial.class));
        this.layout = layout;
    }

    @Override
    protected long time(ScoreRecord score) {
        return score.eventTime;
    }

    @Override
    protected String group(ScoreRecord score) {
        return MonitoredGroup.of(score);
    }

    @Override
    protected DriftPartial create(ScoreRecord first, String group, long windowStart, long windowEnd) {
        DriftPartial p = new DriftPartial();
        p.group = group;
        p.modelVersion = first.modelVersion;
        p.windowStart = windowStart;
        p.windowEnd = windowEnd;
        p.counts = layout.newCounts();
        return p;
    }

    @Override
    protected void add(DriftPartial partial, ScoreRecord score) {
        layout.add(partial.counts, score.features, score.propensity);
    }

    @Override
    protected void merge(DriftPartial into, DriftPartial other) {
        into.counts.merge(other.counts);
    }

    @Override
    protected String groupOf(DriftPartial partial) {
        return partial.group;
    }

    @Override
    protected long windowStart(DriftPartial partial) {
        return partial.windowStart;
    }
}
