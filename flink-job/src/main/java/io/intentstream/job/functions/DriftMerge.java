package io.intentstream.job.functions;

import io.intentstream.job.records.DriftPartial;
import io.intentstream.job.records.DriftRow;
import io.intentstream.monitoring.DriftLayout;
import io.intentstream.monitoring.Psi;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Merges each window's histograms from all subtasks and computes the PSI of every monitored value against the
 * bundle's references: one {@link DriftRow} per value, and gauges with the last window's PSI, the share of drifted
 * features and how many windows in a row each value has drifted significantly (kept in state per model version).
 */
public class DriftMerge extends WindowMerge<DriftPartial, DriftRow> {
    private static final long serialVersionUID = 1L;

    private final DriftLayout layout;

    private transient ValueState<int[]> significantInARow;
    private transient LabelledGauges gauges;

    public DriftMerge(DriftLayout layout, long windowMillis) {
        super(windowMillis, 0, TypeInformation.of(DriftPartial.class), JobMetric.DRIFT_LATE_PARTIALS);
        this.layout = layout;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        significantInARow = getRuntimeContext().getState(
                new ValueStateDescriptor<>("significant-windows-in-a-row", PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO));
        gauges = new LabelledGauges(getRuntimeContext().getMetricGroup().addGroup(JobMetric.GROUP));
    }

    @Override
    protected long windowStart(DriftPartial partial) {
        return partial.windowStart;
    }

    @Override
    protected void merge(DriftPartial into, DriftPartial other) {
        into.counts.merge(other.counts);
    }

    @Override
    protected void complete(DriftPartial window, Context ctx, Collector<DriftRow> out) throws Exception {
        List<DriftLayout.ValuePsi> values = layout.psi(window.counts);
        int[] streaks = significantInARow.value();
        if (streaks == null || streaks.length != values.size()) {
            streaks = new int[values.size()];
        }
        for (int i = 0; i < values.size(); i++) {
            DriftLayout.ValuePsi v = values.get(i);
            Psi.Level level = Psi.level(v.psi());
            streaks[i] = level == Psi.Level.SIGNIFICANT ? streaks[i] + 1 : 0;
            out.collect(row(window, v, level));
            gauges.set(JobMetric.DRIFT_PSI, v.psi(), JobMetric.LABEL_MODEL_VERSION, window.modelVersion,
                    JobMetric.LABEL_FEATURE, v.name());
            gauges.set(JobMetric.DRIFT_SIGNIFICANT_WINDOWS_IN_A_ROW, streaks[i], JobMetric.LABEL_MODEL_VERSION,
                    window.modelVersion, JobMetric.LABEL_FEATURE, v.name());
        }
        significantInARow.update(streaks);
        gauges.set(JobMetric.DRIFT_SHARE_DRIFTED_FEATURES, DriftLayout.shareDrifted(values), JobMetric.LABEL_MODEL_VERSION,
                window.modelVersion);
        gauges.set(JobMetric.DRIFT_WINDOW_EVENTS, window.counts.events, JobMetric.LABEL_MODEL_VERSION, window.modelVersion);
        gauges.set(JobMetric.DRIFT_WINDOW_END_SECONDS, window.windowEnd / 1000.0, JobMetric.LABEL_MODEL_VERSION,
                window.modelVersion);
    }

    private static DriftRow row(DriftPartial window, DriftLayout.ValuePsi v, Psi.Level level) {
        DriftRow row = new DriftRow();
        row.windowStart = window.windowStart;
        row.windowEnd = window.windowEnd;
        row.modelVersion = window.modelVersion;
        row.feature = v.name();
        row.psi = v.psi();
        row.level = level.name().toLowerCase(Locale.ROOT);
        row.events = window.counts.events;
        return row;
    }
}
