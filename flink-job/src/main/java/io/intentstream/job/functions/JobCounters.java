package io.intentstream.job.functions;

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

    public static Count register(RuntimeContext context, String name) {
        LongCounter total = new LongCounter();
        context.addAccumulator(name, total);
        Counter metric = context.getMetricGroup().addGroup("intentstream").counter(name);
        return new Count(metric, total);
    }
}
