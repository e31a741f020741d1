package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.cli.Option;
import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFileReader;
import io.intentstream.events.EventFormat;
import io.intentstream.events.EventOrder;
import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.ValidationRules;
import io.intentstream.job.functions.JobMetric;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.replay.HistoryReplay;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REES46 sample shuffled within the allowed lateness, in both apply orders. Event-time order restores each
 * user's event order and gives exactly the features of the time-ordered replay; arrival order applies events as
 * they come and gives exactly the features of a replay in the file's line order, marking as out of order just
 * the events that came behind an event of their user.
 */
class OutOfOrderITCase {
    private static final long BOUND_MILLIS = 5_000;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    @TempDir
    static Path tmp;

    private static List<ClickEvent> ordered;
    private static List<ClickEvent> shuffledEvents;
    private static Path shuffled;

    @BeforeAll
    static void shuffleTheSampleWithinTheBound() throws Exception {
        ordered = new ArrayList<>();
        EventFileReader.read(JobTestSupport.SAMPLE_EVENTS, EventFormat.REES46_CSV, ValidationRules.defaults(),
                (file, line, raw, result) -> ordered.add(result.event()));

        // Each event arrives up to the bound after its event time: it is never behind the watermark
        // (newest time seen minus the bound), yet the arrival order differs from time order throughout.
        Random random = new Random(42);
        long[] arrival = new long[ordered.size()];
        Integer[] order = new Integer[ordered.size()];
        for (int i = 0; i < arrival.length; i++) {
            arrival[i] = ordered.get(i).eventTime + (long) (random.nextDouble() * BOUND_MILLIS);
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> arrival[i]));
        int displaced = 0;
        shuffledEvents = new ArrayList<>();
        shuffled = tmp.resolve("shuffled.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(shuffled)) {
            for (int k = 0; k < order.length; k++) {
                displaced += order[k] != k ? 1 : 0;
                shuffledEvents.add(ordered.get(order[k]));
                w.write(JsonEventWriter.toJson(ordered.get(order[k])));
                w.newLine();
            }
        }
        assertThat(displaced).as("events not at their time-ordered position").isGreaterThan(ordered.size() / 2);
    }

    private static JobRun.Result run(ApplyOrder order) throws Exception {
        return JobRun.of(JobTestSupport.sampleBundle(),
                "--input", shuffled.toString(), "--input-format", "json", "--apply-order", Option.render(order),
                "--max-out-of-orderness", BOUND_MILLIS + "ms",
                "--checkpoint-dir", tmp.resolve("checkpoints-" + order).toUri().toString()).run("out-of-order IT " + order);
    }

    private static void assertFeatures(List<ScoreRecord> actual, Map<String, float[]> expected) {
        assertThat(actual).hasSize(expected.size());
        for (ScoreRecord s : actual) {
            assertThat(s.features).as("features of %s", s.eventId).containsExactly(expected.get(s.eventId));
        }
    }

    @Test
    void inEventTimeOrderShuffledWithinTheBoundGivesTheOrderedReplaysFeatures() throws Exception {
        JobRun.Result run = run(ApplyOrder.EVENT_TIME);

        assertThat(run.deadLetters()).as("nothing is late within the bound").isEmpty();
        assertFeatures(run.scores(), new HistoryReplay(JobTestSupport.sampleBundle().metadata().featureConfig.toConfig())
                .featuresByEventId(List.of(ordered)));
        assertThat(run.count(JobMetric.EVENTS_OUT_OF_ORDER)).isZero();
    }

    @Test
    void inArrivalOrderShuffledInputGivesTheFeaturesOfAReplayInLineOrder() throws Exception {
        JobRun.Result run = run(ApplyOrder.ARRIVAL);

        assertThat(run.deadLetters()).as("nothing is late within the bound").isEmpty();
        assertFeatures(run.scores(), new HistoryReplay(JobTestSupport.sampleBundle().metadata().featureConfig.toConfig(),
                ApplyOrder.ARRIVAL).featuresByEventId(List.of(shuffledEvents)));

        Set<String> behind = behindAnEarlierArrivalOfTheirUser(shuffledEvents);
        assertThat(behind).as("the shuffle puts some events behind their user's").isNotEmpty();
        assertThat(run.scores().stream().filter(s -> s.outOfOrder).map(s -> s.eventId).collect(Collectors.toSet()))
                .isEqualTo(behind);
        assertThat(run.count(JobMetric.EVENTS_OUT_OF_ORDER)).isEqualTo(behind.size());
    }

    /** Ids of the events that arrive behind (in {@link EventOrder}) the latest earlier arrival of their user. */
    private static Set<String> behindAnEarlierArrivalOfTheirUser(List<ClickEvent> arrivals) {
        Map<String, ClickEvent> latest = new HashMap<>();
        Set<String> seen = new HashSet<>();
        Set<String> behind = new HashSet<>();
        for (ClickEvent e : arrivals) {
            if (!seen.add(e.userId + '\u0000' + e.eventId)) {
                continue; // a repeated event is a duplicate, not applied
            }
            ClickEvent last = latest.get(e.userId);
            if (last != null && EventOrder.COMPARATOR.compare(e, last) < 0) {
                behind.add(e.eventId);
            } else {
                latest.put(e.userId, e);
            }
        }
        return behind;
    }
}
