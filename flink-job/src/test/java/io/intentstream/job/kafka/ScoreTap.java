package io.intentstream.job.kafka;

import io.intentstream.job.records.ScoreRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Watches the scores as the scoring operator emits them, on a branch beside the real sinks or ({@link #inline})
 * ahead of them, and records for each one the run, the attempt and the <em>checkpoint epoch</em>: the id of
 * the last checkpoint whose barrier had passed when the score was emitted (or the restored checkpoint's id).
 * The tap sees the barriers at the same place in the stream as the sinks, so the epoch says exactly which
 * scores a checkpoint covers: those of a lower epoch.
 *
 * <p>It can also inject one failure: on attempt 0, once this subtask has seen a checkpoint complete whose
 * barrier came after some of its scores, and has then passed {@code failAfter} scores since its last
 * checkpoint barrier. Failing there, rather than after a count of input records, guarantees that the failed
 * attempt emitted scores on both sides of the restored checkpoint's barrier: some the restored job must
 * emit again and some it must not, whatever the speed of the machine.
 *
 * <p>A tap can count only some scores ({@link Counted}, e.g. those of one model version): then it arms after a
 * checkpoint that followed such a score, and fails after {@code failAfter} of them since its last barrier.
 *
 * <p>State lives in this JVM under a name the test chooses (MiniCluster tests only).
 */
final class ScoreTap extends RichMapFunction<ScoreRecord, ScoreRecord> implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Log> LOGS = new ConcurrentHashMap<>();

    /** One score as the scoring operator emitted it. */
    static final class Emission {
        final String run;
        final int attempt;
        final int subtask;
        final long epoch;
        final ScoreRecord score;

        Emission(String run, int attempt, int subtask, long epoch, ScoreRecord score) {
            this.run = run;
            this.attempt = attempt;
            this.subtask = subtask;
            this.epoch = epoch;
            this.score = score;
        }
    }

    /** What one test's taps saw. */
    static final class Log {
        final Queue<Emission> emissions = new ConcurrentLinkedQueue<>();
        /** Completed checkpoint ids as notified to the taps, by attempt. */
        final Map<Integer, Set<Long>> completed = new ConcurrentHashMap<>();
        /** The checkpoint each restored attempt started from, by attempt. */
        final Map<Integer, Long> restoredFrom = new ConcurrentHashMap<>();
        final AtomicBoolean failureInjected = new AtomicBoolean();
        /**
         * Subtasks of the first attempt that may inject the failure: each has seen a checkpoint complete whose
         * barrier followed some of its scores.
         */
        final Set<Integer> armedSubtasks = ConcurrentHashMap.newKeySet();

        List<Emission> emissions() {
            return new ArrayList<>(emissions);
        }

        Set<String> emittedIds() {
            return emissions.stream().map(e -> e.score.eventId).collect(Collectors.toSet());
        }

        long latestCompleted() {
            return completed.values().stream().flatMap(Set::stream).mapToLong(Long::longValue).max().orElse(-1);
        }
    }

    /** The scores a tap counts towards arming and failing. */
    interface Counted extends Predicate<ScoreRecord>, Serializable {}

    private final String name;
    private final String run;
    private final int failAfter;
    private final Counted counted;

    private transient Log log;
    private transient int attempt;
    private transient int subtask;
    private transient long epoch;
    private transient long sinceBarrier;
    private transient boolean sawCompletion;
    private transient long emitted;
    /** The first checkpoint whose barrier reached this subtask after one of its scores. */
    private transient long firstBarrierAfterScores;

    private ScoreTap(String name, String run, int failAfter, Counted counted) {
        this.name = name;
        this.run = run;
        this.failAfter = failAfter;
        this.counted = counted;
    }

    /** A fresh log under {@code name}. */
    static Log newLog(String name) {
        Log log = new Log();
        LOGS.put(name, log);
        return log;
    }

    /**
     * Taps {@code scores} into the log {@code name}; {@code failAfter} &gt; 0 injects the one failure.
     * The tap and its sink have fixed uids so a job with a tap restores from its own savepoints.
     */
    static void attach(DataStream<ScoreRecord> scores, String name, String run, int failAfter) {
        scores.map(new ScoreTap(name, run, failAfter, score -> true)).uid("test-score-tap").name("test: score tap")
                .sinkTo(new DiscardingSink<>()).uid("test-score-tap-sink").name("test: discard");
    }

    /**
     * Puts a tap between the scores and everything downstream, so that it logs each score before any sink
     * can write it: a failure that interrupts a sink mid-record can then not leave a written score unlogged.
     */
    static DataStream<ScoreRecord> inline(DataStream<ScoreRecord> scores, String name, String run, int failAfter) {
        return inline(scores, name, run, failAfter, score -> true);
    }

    /** As {@link #inline(DataStream, String, String, int)}, arming and failing on the {@code counted} scores only. */
    static DataStream<ScoreRecord> inline(DataStream<ScoreRecord> scores, String name, String run, int failAfter,
            Counted counted) {
        return scores.map(new ScoreTap(name, run, failAfter, counted)).uid("test-score-tap-inline").name("test: score tap");
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        OptionalLong restored = context.getRestoredCheckpointId();
        epoch = restored.orElse(0L);
        firstBarrierAfterScores = Long.MAX_VALUE;
        log = LOGS.get(name);
        attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        if (restored.isPresent()) {
            log.restoredFrom.put(attempt, restored.getAsLong());
        }
    }

    @Override
    public void open(OpenContext openContext) {
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    @Override
    public ScoreRecord map(ScoreRecord score) {
        log.emissions.add(new Emission(run, attempt, subtask, epoch, score));
        if (!counted.test(score)) {
            return score;
        }
        sinceBarrier++;
        emitted++;
        if (failAfter > 0 && attempt == 0 && sawCompletion && sinceBarrier >= failAfter
                && log.failureInjected.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after " + sinceBarrier + " scores since checkpoint " + epoch);
        }
        return score;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        epoch = context.getCheckpointId();
        sinceBarrier = 0;
        if (emitted > 0 && firstBarrierAfterScores == Long.MAX_VALUE) {
            firstBarrierAfterScores = epoch;
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        sawCompletion |= checkpointId >= firstBarrierAfterScores;
        if (sawCompletion && attempt == 0) {
            log.armedSubtasks.add(subtask);
        }
        log.completed.computeIfAbsent(attempt, a -> ConcurrentHashMap.newKeySet()).add(checkpointId);
    }
}
