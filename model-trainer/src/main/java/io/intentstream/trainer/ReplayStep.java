package io.intentstream.trainer;

import io.intentstream.cli.Progress;
import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFormat;
import io.intentstream.events.RejectReason;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.SessionState;
import io.intentstream.replay.EventPartitions;
import io.intentstream.replay.HistoryReplay;
import io.intentstream.replay.ReplayListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Step 1 of training: reads a history with the job's readers and validation, replays it through the job's
 * session rules and feature engine, and collects the point-in-time examples.
 */
final class ReplayStep {
    /** User partitions when the history spills to disk (see {@link EventPartitions}). */
    static final int SPILL_PARTITIONS = 64;

    /**
     * @param spillDir where spilled partitions go; {@code null}: a temporary directory, removed afterwards
     */
    record Input(Path history, EventFormat format, ApplyOrder order, FeatureConfig features, int maxInMemoryEvents,
            Path spillDir) {}

    /**
     * What the replay saw.
     *
     * @param windowStart event time of the earliest applied event, {@code null} when none was applied
     * @param windowEnd event time of the latest applied event, {@code null} when none was applied
     * @param seconds wall-clock time of reading and replaying
     */
    record Replayed(ApplyOrder order, long validEvents, long rejectedEvents, Map<RejectReason, Long> rejectedByReason,
            long duplicateEvents, Long windowStart, Long windowEnd, double seconds) {}

    private ReplayStep() {}

    /** Replays the history into {@code examples} (which the caller owns and closes). */
    static Replayed run(Input in, ExampleSet examples) throws Exception {
        return run(in, examples, null);
    }

    /** The same, and tells {@code alsoApplied} (if not null) of every applied event, e.g. to sample references. */
    static Replayed run(Input in, ExampleSet examples, ReplayListener alsoApplied) throws Exception {
        long start = System.nanoTime();
        Path spillDir = in.spillDir() != null ? in.spillDir() : Files.createTempDirectory("intentstream-spill");
        try (EventPartitions history = read(in, spillDir)) {
            ExampleCollector collector = new ExampleCollector(examples);
            Counter counter = new Counter(collector, alsoApplied);
            HistoryReplay replay = new HistoryReplay(in.features(), in.order());
            try (Progress progress = Progress.start("replay", history.validCount(), "events")) {
                for (List<ClickEvent> partition : history.partitions()) {
                    replay.replay(partition, counter);
                    collector.partitionDone();
                    progress.stepBy(partition.size());
                    progress.note(examples.rows() + " examples");
                }
            }
            Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
            rejected.putAll(history.rejectedByReason());
            return new Replayed(in.order(), history.validCount(), history.rejectedCount(), rejected, counter.duplicates,
                    counter.applied == 0 ? null : counter.minTime, counter.applied == 0 ? null : counter.maxTime,
                    (System.nanoTime() - start) / 1e9);
        } finally {
            if (in.spillDir() == null) {
                Files.deleteIfExists(spillDir); // its partition files went when the history closed
            }
        }
    }

    /** Reads the history, showing how many records are read (their number is not known before the end). */
    private static EventPartitions read(Input in, Path spillDir) throws IOException {
        try (Progress progress = Progress.start("read", -1, "records")) {
            return EventPartitions.read(in.history(), in.format(), ValidationRules.defaults(), in.maxInMemoryEvents(),
                    SPILL_PARTITIONS, spillDir, progress::stepTo);
        }
    }

    /** Passes the replay on to the example collector, counting duplicates and the time window on the way. */
    private static final class Counter implements ReplayListener {
        private final ExampleCollector collector;
        private final ReplayListener alsoApplied;
        long applied;
        long duplicates;
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;

        Counter(ExampleCollector collector, ReplayListener alsoApplied) {
            this.collector = collector;
            this.alsoApplied = alsoApplied;
        }

        @Override
        public void applied(ClickEvent event, SessionState session, float[] features) throws Exception {
            applied++;
            minTime = Math.min(minTime, event.eventTime);
            maxTime = Math.max(maxTime, event.eventTime);
            collector.applied(event, session, features);
            if (alsoApplied != null) {
                alsoApplied.applied(event, session, features);
            }
        }

        @Override
        public void duplicate(ClickEvent event) {
            duplicates++;
        }

        @Override
        public void sessionClosed(SessionState session) {
            collector.sessionClosed(session);
        }
    }
}
