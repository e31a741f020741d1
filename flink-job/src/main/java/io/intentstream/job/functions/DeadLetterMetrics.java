package io.intentstream.job.functions;

import java.util.HashMap;
import java.util.Map;
import io.intentstream.job.records.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts every dead letter by its reason as one metric with a {@code reason} label, so a dashboard or an alert sees
 * the rate of all reasons, those of parsing and of scoring alike, in one series family. Passes the letters on.
 */
public class DeadLetterMetrics extends RichMapFunction<DeadLetter, DeadLetter> {
    private static final long serialVersionUID = 1L;

    private transient MetricGroup group;
    private transient Map<String, Counter> byReason;

    @Override
    public void open(OpenContext openContext) {
        group = getRuntimeContext().getMetricGroup().addGroup(JobMetric.GROUP);
        byReason = new HashMap<>();
    }

    @Override
    public DeadLetter map(DeadLetter letter) {
        String reason = letter.reason == null ? "unknown" : letter.reason;
        byReason.computeIfAbsent(reason, r -> group.addGroup(JobMetric.LABEL_REASON, r).counter(JobMetric.DEAD_LETTERS)).inc();
        return letter;
    }
}
