package io.intentstream.bench;

import static io.intentstream.generator.GeneratorOptions.DURATION;
import static io.intentstream.generator.GeneratorOptions.MAX_EVENTS;
import static io.intentstream.generator.GeneratorOptions.SEED;
import static io.intentstream.generator.GeneratorOptions.USERS;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.events.ClickEvent;
import io.intentstream.features.FeatureConfig;
import io.intentstream.features.SessionState;
import io.intentstream.features.UserHistory;
import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import io.intentstream.job.connectors.ParquetArchive;
import io.intentstream.job.formats.ArchiveTables;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.replay.HistoryReplay;
import io.intentstream.replay.ReplayListener;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.FileUtils;

/**
 * The archive's scores table alone: rows per second of one thread writing score records, with the features of
 * generated traffic, through the job's Parquet writer ({@link ArchiveTables#scores()}, with the archive's row groups),
 * in files of the size one archive writer subtask of {@code bench job} finishes at each checkpoint (one per event
 * hour). What the archive's share of the ceiling can be follows from it: every score is one such row.
 */
public final class ArchiveWriterBenchmark {
    static final Option<Long> EVENTS = Option.longValue("events", 200_000L,
            "generated events replayed for their feature vectors (rows cycle through them)");
    static final Option<Integer> ROWS_PER_FILE = Option.integer("rows-per-file", 30_000,
            "rows per Parquet file (bench job: about 10 s of one writer subtask's scores for one event hour)");
    static final Option<Integer> FILES = Option.integer("files", 20, "files per round");
    static final Option<Integer> ROUNDS = Option.integer("rounds", 5, "rounds; the first warms the JIT up");

    private ArchiveWriterBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = new Options("bin/intentstream bench archive",
                "Parquet writer cost per row of the archive's scores table, one thread.")
                .add(EVENTS).add(ROWS_PER_FILE).add(FILES).add(ROUNDS);
        Options.Values v = options.parseOrExit(args);
        if (v == null) {
            return;
        }
        List<ScoreRecord> rows = scoredRows(v.get(EVENTS));
        BulkWriter.Factory<ScoreRecord> writers = ArchiveTables.scores().writerFactory(ParquetArchive.ROW_GROUP_BYTES);
        java.nio.file.Path dir = Files.createTempDirectory("intentstream-bench-archive");
        double[] micros = new double[v.get(ROUNDS)];
        try {
            FileSystem fs = FileSystem.getLocalFileSystem();
            for (int round = 0; round < micros.length; round++) {
                long bytes = 0;
                int next = 0;
                long start = System.nanoTime();
                for (int f = 0; f < v.get(FILES); f++) {
                    try (FSDataOutputStream out = fs.create(new Path(dir.resolve("part-" + f + ".parquet").toUri()),
                            FileSystem.WriteMode.OVERWRITE)) {
                        BulkWriter<ScoreRecord> writer = writers.create(out);
                        for (int i = 0; i < v.get(ROWS_PER_FILE); i++) {
                            writer.addElement(rows.get(next));
                            next = next + 1 == rows.size() ? 0 : next + 1;
                        }
                        writer.finish();
                        bytes += out.getPos();
                    }
                }
                long written = (long) v.get(FILES) * v.get(ROWS_PER_FILE);
                micros[round] = (System.nanoTime() - start) / 1e3 / written;
                System.out.printf("round %d: %,d rows in %,d files, %.2f µs per row (%,.0f rows/s), %.0f bytes per row%n",
                        round + 1, written, v.get(FILES), micros[round], 1e6 / micros[round], (double) bytes / written);
            }
        } finally {
            FileUtils.deleteDirectory(dir.toFile());
        }
        double[] measured = Arrays.copyOfRange(micros, Math.min(1, micros.length - 1), micros.length);
        Arrays.sort(measured);
        double median = measured.length % 2 == 1 ? measured[measured.length / 2]
                : (measured[measured.length / 2 - 1] + measured[measured.length / 2]) / 2;
        System.out.printf("scores table: median %.2f µs per row over rounds 2 to %d: %.1f s of one core per 10 million "
                + "scores%n", median, micros.length, median * 10);
    }

    /** Score records of generated traffic, with the feature vectors the replay computed for each event. */
    private static List<ScoreRecord> scoredRows(long events) throws Exception {
        List<ClickEvent> generated = new ArrayList<>();
        new ClickstreamGenerator(GeneratorConfig.from(GeneratorOptions.defaults().with(SEED, 3L)
                .with(USERS, (int) Math.max(1_000, events / 5)).with(DURATION, Duration.ofDays(7)).with(MAX_EVENTS, events)))
                .forEachEvent(generated::add);
        List<ScoreRecord> rows = new ArrayList<>(generated.size());
        new HistoryReplay(FeatureConfig.defaults()).replay(generated, new ReplayListener() {
            @Override
            public void applied(ClickEvent event, SessionState session, float[] features) {
                // The propensity's value does not change the writer's work; the features are the replay's own.
                rows.add(ScoreRecord.of(event, "bench-1", "production", features[0] / (1 + Math.abs(features[0])),
                        features.clone(), false, event.eventTime + 5));
            }

            @Override
            public void sessionClosed(SessionState session) {}

            @Override
            public void userHistory(String userId, UserHistory history) {}
        });
        return rows;
    }
}
