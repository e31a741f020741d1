package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFileReader;
import io.intentstream.events.EventFormat;
import io.intentstream.events.JsonEventWriter;
import io.intentstream.events.ValidationRules;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.replay.HistoryReplay;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events shuffled within the allowed lateness give, for every event id, exactly the feature vectors of
 * the time-ordered replay: the job restores event-time order before applying events.
 */
class OutOfOrderITCase {
    private static final long BOUND_MILLIS = 5_000;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    @TempDir
    Path tmp;

    @Test
    void shuffledWithinTheBoundGivesTheOrderedReplaysFeatures() throws Exception {
        List<ClickEvent> ordered = new ArrayList<>();
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
        Path shuffled = tmp.resolve("shuffled.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(shuffled)) {
            for (int k = 0; k < order.length; k++) {
                displaced += order[k] != k ? 1 : 0;
                w.write(JsonEventWriter.toJson(ordered.get(order[k])));
                w.newLine();
            }
        }
        assertThat(displaced).as("events not at their time-ordered position").isGreaterThan(ordered.size() / 2);

        JobRun.Result run = JobRun.of(JobTestSupport.sampleBundle(),
                "--input", shuffled.toString(), "--input-format", "json",
                "--max-out-of-orderness", BOUND_MILLIS + "ms",
                "--checkpoint-dir", tmp.resolve("checkpoints").toUri().toString()).run("out-of-order IT");

        Map<String, float[]> expected = new HistoryReplay(JobTestSupport.sampleBundle().metadata().featureConfig.toConfig())
                .featuresByEventId(List.of(ordered));

        assertThat(run.deadLetters()).as("nothing is late within the bound").isEmpty();
        List<ScoreRecord> actual = run.scores();
        assertThat(actual).hasSize(expected.size());
        for (ScoreRecord s : actual) {
            assertThat(s.features).as("features of %s", s.eventId).containsExactly(expected.get(s.eventId));
        }
    }
}
