package io.intentstream.job.functions;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The second half of a windowed monitor, keyed by group (model version): adds up the partials of each window from
 * every subtask and, when the watermark passes the window's ready time (by then every subtask has sent its
 * partial), hands the whole window to {@link #complete} and forgets it. A partial arriving after that is counted and
 * dropped, never reported as a window of its own.
 *
 * @param <P> the partial aggregate
 * @param <O> what a complete window becomes
 */
public abstract class WindowMerge<P, O> extends KeyedProcessFunction<String, P, O> {
    private static final long serialVersionUID = 1L;

    protected final long windowMillis;
    protected final long settleMillis;
    private final TypeInformation<P> partialType;
    private final JobMetric lateMetric;

    private transient MapState<Long, P> windows;
    private transient JobCounters.Count late;

    protected WindowMerge(long windowMillis, long settleMillis, TypeInformation<P> partialType, JobMetric lateMetric) {
        this.windowMillis = windowMillis;
        this.settleMillis = settleMillis;
        this.partialType = partialType;
        this.lateMetric = lateMetric;
    }

    protected abstract long windowStart(P partial);

    protected abstract void merge(P into, P other);

    /** A window with every subtask's partial merged into it. */
    protected abstract void complete(P window, Context ctx, Collector<O> out) throws Exception;

    @Override
    public void open(OpenContext openContext) throws Exception {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>("windows", Types.LONG, partialType));
        late = JobCounters.register(getRuntimeContext(), lateMetric);
    }

    @Override
    public void processElement(P partial, Context ctx, Collector<O> out) throws Exception {
        long start = windowStart(partial);
        long ready = start + windowMillis - 1 + settleMillis;
        if (ready <= ctx.timerService().currentWatermark()) {
            late.inc();
            return;
        }
        P have = windows.get(start);
        if (have == null) {
            windows.put(start, partial);
            ctx.timerService().registerEventTimeTimer(ready);
        } else {
            merge(have, partial);
            windows.put(start, have);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
        long start = timestamp + 1 - settleMillis - windowMillis;
        P window = windows.get(start);
        if (window != null) {
            windows.remove(start);
            complete(window, ctx, out);
        }
    }
}
