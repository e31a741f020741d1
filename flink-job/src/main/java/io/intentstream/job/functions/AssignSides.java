package io.intentstream.job.functions;

import io.intentstream.job.records.ExampleRecord;
import io.intentstream.job.records.SplitCutoffs;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives every example its side of the temporal split, from the cutoffs broadcast by {@link SplitCutoffsOperator}.
 * In BATCH execution Flink consumes a broadcast input before the keyed one, so every example finds the cutoffs.
 */
public class AssignSides extends KeyedBroadcastProcessFunction<String, ExampleRecord, SplitCutoffs, ExampleRecord> {
    private static final long serialVersionUID = 1L;
    private static final String KEY = "split";

    /** The broadcast state: one entry, the split's cutoffs. */
    public static final MapStateDescriptor<String, SplitCutoffs> CUTOFFS =
            new MapStateDescriptor<>("split-cutoffs", Types.STRING, TypeInformation.of(SplitCutoffs.class));

    @Override
    public void processBroadcastElement(SplitCutoffs cutoffs, Context ctx, Collector<ExampleRecord> out) throws Exception {
        ctx.getBroadcastState(CUTOFFS).put(KEY, cutoffs);
    }

    @Override
    public void processElement(ExampleRecord example, ReadOnlyContext ctx, Collector<ExampleRecord> out) throws Exception {
        SplitCutoffs cutoffs = ctx.getBroadcastState(CUTOFFS).get(KEY);
        if (cutoffs == null) {
            throw new IllegalStateException("an example came before the split's cutoffs: the backfill runs in BATCH "
                    + "execution mode only, where the broadcast cutoffs are read first");
        }
        example.side = cutoffs.side(example.sessionStart, example.sessionEnd);
        out.collect(example);
    }
}
