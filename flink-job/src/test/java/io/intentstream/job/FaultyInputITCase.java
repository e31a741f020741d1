package io.intentstream.job;

import static io.intentstream.generator.GeneratorOptions.BOT_RATE;
import static io.intentstream.generator.GeneratorOptions.DISORDER_BOUND;
import static io.intentstream.generator.GeneratorOptions.DUPLICATE_RATE;
import static io.intentstream.generator.GeneratorOptions.DURATION;
import static io.intentstream.generator.GeneratorOptions.LATE_RATE;
import static io.intentstream.generator.GeneratorOptions.MALFORMED_RATE;
import static io.intentstream.generator.GeneratorOptions.OUT_OF_ORDER_RATE;
import static io.intentstream.generator.GeneratorOptions.SEED;
import static io.intentstream.generator.GeneratorOptions.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import io.intentstream.generator.GroundTruth;
import io.intentstream.generator.LineKind;
import io.intentstream.generator.OutputTarget;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.functions.JobMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dirty input at volume: generated traffic with every fault switched on. The job finishes, accounts for
 * every line exactly (scored, rejected, duplicate or late), and rejects each broken line with the reason
 * the generator's ground truth names, and each late event as late.
 */
class FaultyInputITCase {
    private static final Duration BOUND = Duration.ofSeconds(5);

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    @TempDir
    Path tmp;

    @Test
    void everyLineIsAccountedForWithTheReasonTheGroundTruthExpects() throws Exception {
        Path events = tmp.resolve("events.jsonl");
        Path truthFile = tmp.resolve("truth.jsonl");
        GeneratorConfig config = GeneratorConfig.from(GeneratorOptions.defaults()
                .with(SEED, 11L).with(USERS, 30_000).with(DURATION, Duration.ofDays(3))
                .with(DUPLICATE_RATE, 0.02).with(OUT_OF_ORDER_RATE, 0.03).with(DISORDER_BOUND, BOUND).with(LATE_RATE, 0.01)
                .with(MALFORMED_RATE, 0.02).with(BOT_RATE, 0.01));
        new ClickstreamGenerator(config).writeTo(OutputTarget.file(events, false), truthFile);
        long lines;
        try (var s = Files.lines(events)) {
            lines = s.filter(l -> !l.isBlank()).count();
        }
        assertThat(lines).isGreaterThanOrEqualTo(100_000);
        GroundTruth truth = GroundTruth.read(truthFile);

        // Per-event watermarks with the generator's bound: an event is late exactly when it lags the newest
        // earlier event by more than the bound, which is how the generator made its late events. One reader:
        // a second, idle one would hold the watermark back until it finished, which depends on timing.
        JobRun.Result run = JobRun.of(JobTestSupport.sampleBundle(),
                "--input", events.toString(), "--input-format", "json",
                "--max-out-of-orderness", BOUND.toMillis() + "ms", "--watermark-interval", "0", "--source-parallelism", "1",
                "--checkpoint-dir", tmp.resolve("checkpoints").toUri().toString()).run("faulty input IT");

        long in = run.count(JobMetric.EVENTS_IN);
        long scored = run.count(JobMetric.EVENTS_SCORED);
        long rejected = run.count(JobMetric.EVENTS_REJECTED);
        long duplicates = run.count(JobMetric.EVENTS_DUPLICATE);
        long late = run.count(JobMetric.EVENTS_LATE);
        assertThat(in).isEqualTo(lines);
        assertThat(in).as("input = scored + rejected + duplicates + late").isEqualTo(scored + rejected + duplicates + late);
        assertThat(run.count(JobMetric.EVENTS_SCORING_ERROR) + run.count(JobMetric.EVENTS_BOT_SESSION)).isZero();
        assertThat(run.scores().stream().map(s -> s.eventId)).hasSize((int) scored).doesNotHaveDuplicates();
        // Arrival order (the default) applies the disordered events as they come: an attribute of scored events,
        // not a bucket of its own.
        long outOfOrder = run.count(JobMetric.EVENTS_OUT_OF_ORDER);
        assertThat(outOfOrder).as("scored out of order").isPositive().isLessThan(scored);
        assertThat(run.scores().stream().filter(s -> s.outOfOrder).count()).isEqualTo(outOfOrder);

        // Broken lines: each one is a dead letter from its own line, with the reason the truth names.
        Map<Long, String> expectedReasons = new HashMap<>();
        Set<String> expectedLate = new java.util.HashSet<>();
        long expectedDuplicates = 0;
        for (GroundTruth.LineTruth t : truth.lines()) {
            if (t.kind == LineKind.MALFORMED) {
                expectedReasons.put(t.line, t.reason.code());
            } else if (t.kind == LineKind.LATE) {
                expectedLate.add(t.eventId);
            } else if (t.kind == LineKind.DUPLICATE) {
                expectedDuplicates++;
            }
        }
        assertThat(expectedReasons).hasSizeGreaterThan(1_000);
        assertThat(expectedLate).hasSizeGreaterThan(500);
        List<DeadLetter> letters = run.deadLetters();
        Map<Long, String> actualReasons = letters.stream().filter(d -> !d.reason.equals("late"))
                .collect(Collectors.toMap(d -> lineOf(d.origin), d -> d.reason));
        assertThat(actualReasons).isEqualTo(expectedReasons);
        assertThat(rejected).isEqualTo(expectedReasons.size());

        Set<String> actualLate = letters.stream().filter(d -> d.reason.equals("late"))
                .map(d -> d.raw.substring(d.raw.indexOf("\"event_id\":\"") + 12, d.raw.indexOf("\",\"event_time\"")))
                .collect(Collectors.toSet());
        assertThat(actualLate).isEqualTo(expectedLate);
        assertThat(late).isEqualTo(expectedLate.size());
        assertThat(duplicates).isEqualTo(expectedDuplicates);
    }

    /** Origins of file lines are {@code <path>:<line>}. */
    private static long lineOf(String origin) {
        return Long.parseLong(origin.substring(origin.lastIndexOf(':') + 1));
    }
}
