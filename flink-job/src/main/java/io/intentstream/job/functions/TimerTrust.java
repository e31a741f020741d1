package io.intentstream.job.functions;

import io.intentstream.features.FeatureConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;

/**
 * What a restored scoring operator may assume of its users' timers. An outcome timer carries its sessions'
 * outcomes as of the value it was registered for, and fires without reading the value; an expiry timer forgets the
 * user without reading it (docs/architecture.md, "Timers"). Both rely on knowing, when a value is read, which of
 * its sessions have closed: those at or before the watermark the operator's timers have fired up to. After a
 * restore that is the watermark of the subtask the key group came from, recorded at the checkpoint.
 *
 * <p>It is exact when the parallelism is unchanged (each subtask gets its own key groups back) or when all subtasks
 * had the same watermark (aligned checkpoints, the job's exactly-once mode), and when the session timeout and the
 * history's TTL are those the timers were set with. Otherwise, and after a checkpoint of the layout before these
 * timers, every timer reads the user's value when it fires, as before, from then on: correct, and slower.
 */
final class TimerTrust {
    /** One entry per subtask: parallelism, subtask index, watermark, session timeout, history TTL, trusted (1 or 0). */
    static ListStateDescriptor<long[]> descriptor() {
        return new ListStateDescriptor<>("user-timer-facts", LongPrimitiveArraySerializer.INSTANCE);
    }

    /** The watermark a restored subtask's timers have fired up to, and whether its timers match their values. */
    record Restored(long watermark, boolean trusted) {}

    static final Restored FRESH = new Restored(Long.MIN_VALUE, true);

    private TimerTrust() {}

    static long[] entry(int parallelism, int subtask, long watermark, FeatureConfig config, boolean trusted) {
        return new long[] {parallelism, subtask, watermark, config.sessionTimeoutMillis(), config.userHistoryTtlMillis(),
                trusted ? 1 : 0};
    }

    /**
     * What a subtask restored from {@code entries} may assume. {@code restoredOperator} says whether the operator
     * had state at the checkpoint at all: without entries it is a checkpoint of the earlier layout.
     */
    static Restored restore(Iterable<long[]> entries, boolean restoredOperator, int parallelism, int subtask,
            FeatureConfig config) {
        List<long[]> all = new ArrayList<>();
        entries.forEach(all::add);
        if (all.isEmpty()) {
            return restoredOperator ? new Restored(Long.MIN_VALUE, false) : FRESH;
        }
        long least = Long.MAX_VALUE;
        long most = Long.MIN_VALUE;
        boolean sameParallelism = true;
        boolean sameSettings = true;
        boolean trustedBefore = true;
        long own = Long.MIN_VALUE;
        for (long[] e : all) {
            least = Math.min(least, e[2]);
            most = Math.max(most, e[2]);
            sameParallelism &= e[0] == parallelism;
            sameSettings &= e[3] == config.sessionTimeoutMillis() && e[4] == config.userHistoryTtlMillis();
            trustedBefore &= e[5] == 1;
            if (e[1] == subtask) {
                own = e[2];
            }
        }
        if (sameParallelism) {
            return new Restored(own, trustedBefore && sameSettings);
        }
        return new Restored(least, trustedBefore && sameSettings && least == most);
    }
}
