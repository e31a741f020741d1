package io.intentstream.job.functions;

import io.intentstream.job.records.QualityPartial;
import io.intentstream.job.records.QualityRow;
import io.intentstream.monitoring.LiveQuality;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Merges each window's scored sessions from all subtasks and computes live quality: a {@link QualityRow} per window
 * and model version, and gauges with the last window's figures next to the bundle's own test AUC.
 */
public class QualityMerge extends WindowMerge<QualityPartial, QualityRow> {
    private static final long serialVersionUID = 1L;

    private final String bundleVersion;
    private final double bundleTestRocAuc;

    private transient LabelledGauges gauges;

    /**
     * @param bundleTestRocAuc the bundle's {@code test_sessions} ROC AUC (NaN if it has none), the baseline of the
     *     live AUC alert
     */
    public QualityMerge(long windowMillis, long settleMillis, String bundleVersion, double bundleTestRocAuc) {
        super(windowMillis, settleMillis, TypeInformation.of(QualityPartial.class), JobMetric.QUALITY_LATE_PARTIALS);
        this.bundleVersion = bundleVersion;
        this.bundleTestRocAuc = bundleTestRocAuc;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        gauges = new LabelledGauges(getRuntimeContext().getMetricGroup().addGroup(JobMetric.GROUP));
        gauges.set(JobMetric.QUALITY_TEST_ROC_AUC, bundleTestRocAuc, JobMetric.LABEL_MODEL_VERSION, bundleVersion);
    }

    @Override
    protected long windowStart(QualityPartial partial) {
        return partial.windowStart;
    }

    @Override
    protected void merge(QualityPartial into, QualityPartial other) {
        into.outcomes.merge(other.outcomes);
    }

    @Override
    protected void complete(QualityPartial window, Context ctx, Collector<QualityRow> out) {
        LiveQuality q = window.outcomes.quality();
        QualityRow row = new QualityRow();
        row.windowStart = window.windowStart;
        row.windowEnd = window.windowEnd;
        row.modelVersion = window.modelVersion;
        row.sessions = q.sessions();
        row.conversions = q.conversions();
        row.rocAuc = q.rocAuc();
        row.prAuc = q.prAuc();
        row.brier = q.brier();
        row.meanPredicted = q.meanPredicted();
        row.observedRate = q.observedRate();
        out.collect(row);
        String[] labels = {JobMetric.LABEL_MODEL_VERSION, window.modelVersion};
        gauges.set(JobMetric.QUALITY_SESSIONS, q.sessions(), labels);
        gauges.set(JobMetric.QUALITY_CONVERSIONS, q.conversions(), labels);
        gauges.set(JobMetric.QUALITY_ROC_AUC, q.rocAuc(), labels);
        gauges.set(JobMetric.QUALITY_PR_AUC, q.prAuc(), labels);
        gauges.set(JobMetric.QUALITY_BRIER, q.brier(), labels);
        gauges.set(JobMetric.QUALITY_MEAN_PREDICTED, q.meanPredicted(), labels);
        gauges.set(JobMetric.QUALITY_OBSERVED_RATE, q.observedRate(), labels);
        gauges.set(JobMetric.QUALITY_WINDOW_END_SECONDS, window.windowEnd / 1000.0, labels);
    }
}
