package io.intentstream.job.functions;

import io.intentstream.job.records.MonitoredGroup;
import io.intentstream.job.records.QualityPartial;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.monitoring.ScoredOutcomes;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Per subtask, each window's closed sessions as (last propensity before conversion, converted), the window picked by
 * the session's last event. Sessions the model never scored (no propensity) and bot sessions are left out, as the
 * trainer leaves them out of {@code test_sessions}.
 */
public class QualityPartials extends WindowPartials<SessionOutcome, QualityPartial> {
    private static final long serialVersionUID = 1L;

    /**
     * @param settleMillis how long after a window's end its last sessions close: the session timeout plus the
     *     watermark's out-of-orderness bound
     */
    public QualityPartials(long windowMillis, long settleMillis) {
        super(windowMillis, settleMillis, TypeInformation.of(QualityPartial.class));
    }

    /** Whether an outcome counts towards live quality. */
    public static boolean counts(SessionOutcome o) {
        return !o.judgedBot && Float.isFinite(o.lastPropensityBeforeConversion);
    }

    @Override
    protected long time(SessionOutcome outcome) {
        return outcome.lastEventTime;
    }

    @Override
    protected String group(SessionOutcome outcome) {
        return counts(outcome) ? MonitoredGroup.of(outcome) : null;
    }

    @Override
    protected QualityPartial create(SessionOutcome first, String group, long windowStart, long windowEnd) {
        QualityPartial p = new QualityPartial();
        p.group = group;
        p.modelVersion = first.modelVersion;
        p.windowStart = windowStart;
        p.windowEnd = windowEnd;
        p.outcomes = new ScoredOutcomes();
        return p;
    }

    @Override
    protected void add(QualityPartial partial, SessionOutcome outcome) {
        partial.outcomes.add(outcome.lastPropensityBeforeConversion, outcome.converted);
    }

    @Override
    protected void merge(QualityPartial into, QualityPartial other) {
        into.outcomes.merge(other.outcomes);
    }

    @Override
    protected String groupOf(QualityPartial partial) {
        return partial.group;
    }

    @Override
    protected long windowStart(QualityPartial partial) {
        return partial.windowStart;
    }
}
