package io.intentstream.job.functions;

import java.util.EnumMap;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * A count kept twice: as a Flink metric (live, per subtask, for monitoring) and as an accumulator
 * (summed over subtasks in the job result, for the local run's summary and for tests).
 */
public final class JobCounters {
    private JobCounters() {}

    /** One named count. */
    public static final class Count {
        private final Counter metric;
        private final LongCounter total;

        Count(Counter metric, LongCounter total) {
            this.metric = metric;
            this.total = total;
        }

        public void inc() {
            metric.inc();
            total.add(1L);
        }
    }

    /** Several counts of one operator, by metric. */
    public static final class Counts {
        private final EnumMap<JobMetric, Count> counts = new EnumMap<>(JobMetric.class);

        public void inc(JobMetric metric) {
            counts.get(metric).inc();
        }
    }

    public static Counts registerAll(RuntimeContext context, JobMetric... metrics) {
        Counts counts = new Counts();
        for (JobMetric metric : metrics) {
            counts.counts.put(metric, register(context, metric));
        }
        return counts;
    }

    public static Count register(RuntimeContext context, JobMetric metric) {
        return register(context, metric.metricName());
    }

    static Count register(RuntimeContext context, String name) {
        LongCounter total = new LongCounter();
        context.addAccumulator(name, total);
        Counter metric = context.getMetricGroup().addGroup(JobMetric.GROUP).counter(name);
        return new Count(metric, total);
    }
}
