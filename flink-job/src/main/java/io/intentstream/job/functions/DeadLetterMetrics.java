package io.intentstream.job.functions;

import io.intentstream.events.RejectReason;
import io.intentstream.job.records.DeadLetter;
import java.util.HashMap;
import java.util.Map;
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
        // Every known reason from the start, at 0: a rate over a series that does not exist yet is no data, not 0.
        for (RejectReason reason : RejectReason.values()) {
            counter(reason.code());
        }
    }

    private Counter counter(String reason) {
        return byReason.computeIfAbsent(reason, r -> group.addGroup(JobMetric.LABEL_REASON, r).counter(JobMetric.DEAD_LETTERS));
    }

    @Override
    public DeadLetter map(DeadLetter letter) {
        String reason = letter.reason == null ? "unknown" : letter.reason;
        counter(reason).inc();
        return letter;
    }
}
