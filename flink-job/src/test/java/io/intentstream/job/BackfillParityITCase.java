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

import io.intentstream.cli.Options;
import io.intentstream.events.ApplyOrder;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFormat;
import io.intentstream.events.Hashing;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.FeatureSchema;
import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import io.intentstream.generator.OutputTarget;
import io.intentstream.job.functions.JobMetric;
import io.intentstream.replay.EventPartitions;
import io.intentstream.replay.ExampleOptions;
import io.intentstream.replay.HistoryReplay;
import io.intentstream.trainer.ExampleCollector;
import io.intentstream.trainer.ExampleSet;
import io.intentstream.trainer.TemporalSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backfill job (BATCH, two subtasks per operator) against the single-JVM trainer on the same file: its Parquet examples are the
 * trainer's examples, row for row, with the same features bit for bit, the same labels, session metadata and split
 * sides. On the REES46 sample in both apply orders, and on generated traffic with duplicates, disorder, late and
 * malformed lines and bots.
 */
class BackfillParityITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    @TempDir
    Path tmp;

    @Test
    void inEventTimeOrderTheExamplesOfTheSampleAreTheTrainers() throws Exception {
        Compared c = compare(JobTestSupport.SAMPLE_EVENTS, EventFormat.REES46_CSV, "rees46", ApplyOrder.EVENT_TIME);
        assertThat(c.rows).as("examples of the sample").isGreaterThan(10_000);
    }

    @Test
    void inArrivalOrderTheExamplesOfTheSampleAreTheTrainers() throws Exception {
        compare(JobTestSupport.SAMPLE_EVENTS, EventFormat.REES46_CSV, "rees46", ApplyOrder.ARRIVAL);
    }

    @Test
    void onFaultyGeneratedTrafficTheExamplesAreTheTrainersInBothOrders() throws Exception {
        Path events = tmp.resolve("events.jsonl");
        new ClickstreamGenerator(GeneratorConfig.from(GeneratorOptions.defaults()
                .with(SEED, 7L).with(USERS, 4_000).with(DURATION, Duration.ofDays(4))
                .with(DUPLICATE_RATE, 0.02).with(OUT_OF_ORDER_RATE, 0.05).with(DISORDER_BOUND, Duration.ofSeconds(30))
                .with(LATE_RATE, 0.01).with(MALFORMED_RATE, 0.02).with(BOT_RATE, 0.01)))
                .writeTo(OutputTarget.file(events, false), null);
        Compared eventTime = compare(events, EventFormat.JSON, "json", ApplyOrder.EVENT_TIME);
        assertThat(eventTime.duplicates).as("duplicates the replay dropped").isPositive();
        assertThat(eventTime.rejected).as("malformed lines").isPositive();
        compare(events, EventFormat.JSON, "json", ApplyOrder.ARRIVAL);
    }

    private record Compared(int rows, long duplicates, long rejected) {}

    /** Runs the backfill and the trainer's replay on {@code input} and asserts that their examples are the same. */
    private Compared compare(Path input, EventFormat format, String formatName, ApplyOrder order) throws Exception {
        String name = order.name().toLowerCase(Locale.ROOT).replace('_', '-');
        Path output = tmp.resolve("backfill-" + formatName + "-" + name);
        Options.Values options = BackfillJob.options().parse(new String[] {"--input", input.toString(), "--format", formatName,
                "--apply-order", name, "--output", output.toString()});
        StreamExecutionEnvironment env = JobTestSupport.batchEnvironment();
        BackfillJob.build(env, options);
        JobExecutionResult result = env.execute("backfill parity, " + formatName + ", " + name);
        assertThat(writers(output.resolve("examples"))).as("subtasks that wrote into one partition").isEqualTo(2);

        Trainers trainers = trainersExamples(input, format, order, options);
        Map<String, String> backfill = backfillExamples(output);
        assertThat(backfill.keySet()).as("examples by session and position").isEqualTo(trainers.rows.keySet());
        for (Map.Entry<String, String> row : trainers.rows.entrySet()) {
            assertThat(backfill.get(row.getKey())).as("example %s", row.getKey()).isEqualTo(row.getValue());
        }
        assertSplit(output, trainers.split);
        assertThat(JobMetric.EVENTS_REJECTED.total(result)).as("rejected lines").isEqualTo(trainers.rejected);
        assertThat(JobMetric.EXAMPLES.total(result)).isEqualTo(trainers.rows.size());
        // Every side has examples, and there are examples of both labels: the comparison covers them all.
        assertThat(trainers.split.countSessions(TemporalSplit.Side.TRAIN)).isPositive();
        assertThat(trainers.split.countSessions(TemporalSplit.Side.VALIDATION)).isPositive();
        assertThat(trainers.split.countSessions(TemporalSplit.Side.TEST)).isPositive();
        assertThat(trainers.rows.values()).anyMatch(r -> r.contains("label=true")).anyMatch(r -> r.contains("label=false"));
        return new Compared(trainers.rows.size(), JobMetric.EVENTS_DUPLICATE.total(result), trainers.rejected);
    }

    /**
     * The most subtasks that wrote into one partition of a table: each subtask's writer of a partition names its part
     * files {@code <prefix>-<its uuid>-<n>}.
     */
    private static long writers(Path table) throws Exception {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(Files::isRegularFile)
                    .collect(Collectors.groupingBy(Path::getParent, Collectors.mapping(
                            p -> p.getFileName().toString().substring(0, p.getFileName().toString().lastIndexOf('-')),
                            Collectors.toSet())))
                    .values().stream().mapToLong(Set::size).max().orElse(0);
        }
    }

    private record Trainers(Map<String, String> rows, TemporalSplit split, long rejected) {}

    /** The trainer's replay step (ReplayStep, which is the trainer's own), and its split with the default fractions. */
    private Trainers trainersExamples(Path input, EventFormat format, ApplyOrder order, Options.Values options) throws Exception {
        try (ExampleSet set = new ExampleSet(FeatureSchema.SIZE);
                EventPartitions history = EventPartitions.read(input, format, ValidationRules.defaults(), Integer.MAX_VALUE, 1,
                        tmp)) {
            ExampleCollector collector = new ExampleCollector(set);
            HistoryReplay replay = new HistoryReplay(ExampleOptions.featureConfig(options), order);
            for (List<ClickEvent> partition : history.partitions()) {
                replay.replay(partition, collector);
                collector.partitionDone();
            }
            TemporalSplit split = TemporalSplit.of(set, options.get(ExampleOptions.CUTOFF_QUANTILE),
                    options.get(ExampleOptions.VALIDATION_FRACTION));
            Map<String, String> rows = new HashMap<>();
            int[] rowsOfSession = new int[set.sessions()];
            float[] features = new float[FeatureSchema.SIZE];
            for (int r = 0; r < set.rows(); r++) {
                int s = set.sessionOf(r);
                set.copyRow(r, features, 0);
                String key = key(set.sessionKey(s), set.sessionStart(s), rowsOfSession[s]++);
                String previous = rows.put(key, describe(set.eventTime(r), set.label(r), set.isLastOfSession(r),
                        set.sessionEnd(s), set.sessionDevice(s), set.sessionChannel(s), set.sessionReturning(s),
                        split.sideOfSession(s).name(), features));
                assertThat(previous).as("two trainer examples at %s", key).isNull();
            }
            return new Trainers(rows, split, history.rejectedCount());
        }
    }

    private static Map<String, String> backfillExamples(Path output) throws Exception {
        List<String> names = FeatureSchema.names();
        StringBuilder columns = new StringBuilder();
        for (String n : names) {
            columns.append(", f_").append(n);
        }
        Map<String, String> rows = new HashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT session_id, epoch_ms(session_start), row_index, epoch_ms(event_time),"
                        + " label, last_of_session, epoch_ms(session_end), device_type, channel, returning_user, split"
                        + columns + " FROM read_parquet('" + output.resolve("examples") + "/**/*.parquet',"
                        + " hive_partitioning = true)")) {
            float[] features = new float[names.size()];
            while (rs.next()) {
                for (int i = 0; i < features.length; i++) {
                    float v = rs.getFloat(12 + i);
                    features[i] = rs.wasNull() ? Float.NaN : v;
                }
                String key = key(Hashing.hash64(rs.getString(1)), rs.getLong(2), rs.getInt(3));
                String previous = rows.put(key, describe(rs.getLong(4), rs.getBoolean(5), rs.getBoolean(6), rs.getLong(7),
                        orUnknown(rs.getString(8)), orUnknown(rs.getString(9)), rs.getBoolean(10),
                        rs.getString(11).toUpperCase(Locale.ROOT), features));
                assertThat(previous).as("two backfill examples at %s", key).isNull();
            }
        }
        return rows;
    }

    /** The output's one-row split table holds the trainer's cutoffs. */
    private static void assertSplit(Path output, TemporalSplit split) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT epoch_ms(cutoff), epoch_ms(validation_cutoff), train_sessions,"
                        + " validation_sessions, test_sessions, excluded_sessions FROM read_parquet('"
                        + output.resolve("split") + "/**/*.parquet')")) {
            assertThat(rs.next()).as("a split row").isTrue();
            assertThat(rs.getLong(1)).as("cutoff").isEqualTo(split.cutoff());
            long validationCutoff = rs.getLong(2);
            assertThat(rs.wasNull() ? Long.MAX_VALUE : validationCutoff).as("validation cutoff").isEqualTo(split.validationCutoff());
            assertThat(new long[] {rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)}).as("sessions by side")
                    .containsExactly(split.countSessions(TemporalSplit.Side.TRAIN), split.countSessions(TemporalSplit.Side.VALIDATION),
                            split.countSessions(TemporalSplit.Side.TEST), split.countSessions(TemporalSplit.Side.EXCLUDED));
            assertThat(rs.next()).as("one split row").isFalse();
        }
    }

    private static String key(long sessionKey, long sessionStart, int position) {
        return sessionKey + "@" + sessionStart + "#" + position;
    }

    private static String orUnknown(String value) {
        return value == null ? ExampleSet.UNKNOWN : value;
    }

    /** Everything the two sides must agree on; the features as their bits (NaN: Java's one NaN). */
    private static String describe(long eventTime, boolean label, boolean last, long sessionEnd, String device, String channel,
            boolean returning, String side, float[] features) {
        StringBuilder sb = new StringBuilder().append("time=").append(eventTime).append(" label=").append(label)
                .append(" last=").append(last).append(" end=").append(sessionEnd).append(" device=").append(device)
                .append(" channel=").append(channel).append(" returning=").append(returning).append(" side=").append(side)
                .append(" features=");
        for (float f : features) {
            sb.append(Integer.toHexString(Float.floatToIntBits(f))).append(' ');
        }
        return sb.toString();
    }
}
