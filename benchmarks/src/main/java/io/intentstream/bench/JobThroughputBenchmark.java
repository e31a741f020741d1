package io.intentstream.bench;

import static io.intentstream.generator.GeneratorOptions.DURATION;
import static io.intentstream.generator.GeneratorOptions.MAX_EVENTS;
import static io.intentstream.generator.GeneratorOptions.SEED;
import static io.intentstream.generator.GeneratorOptions.USERS;

import io.intentstream.job.connectors.ConnectorOptions;
import io.intentstream.job.connectors.ParquetArchive;
import io.intentstream.job.connectors.file.FileConnector;
import io.intentstream.job.pipeline.ModelInput;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.pipeline.PipelineOptions;
import io.intentstream.job.pipeline.ScoringPipeline;
import io.intentstream.job.runtime.JobEnvironment;
import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFormat;
import io.intentstream.generator.ClickstreamGenerator;
import io.intentstream.generator.GeneratorConfig;
import io.intentstream.generator.GeneratorOptions;
import io.intentstream.generator.OutputTarget;
import io.intentstream.job.JobOptions;
import io.intentstream.job.runtime.RuntimeOptions;
import io.intentstream.job.functions.ParseRecords;
import io.intentstream.job.records.RawRecord;
import io.intentstream.job.formats.ScoreJsonEncoder;
import io.intentstream.model.ModelBundle;
import io.intentstream.job.functions.ModelSet;
import io.intentstream.registry.StageDocument;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FileUtils;

/**
 * Whole-job throughput on a local MiniCluster (parallelism 2, RocksDB, checkpoints every 10 s) over a
 * generated file, next to the ceiling: the same source, parsing, keyBy, a RocksDB counter per user and
 * the same results sink, with features and scoring removed. Prints events/s; asserts nothing.
 */
public final class JobThroughputBenchmark {
    static final Option<Long> EVENTS = Option.longValue("events", 10_000_000L, "generated events in the input file");
    static final Option<String> DATA_DIR = Option.string("data-dir", "target/bench-data", "where the generated input is cached");
    static final Option<String> MODEL = Option.string("model", "samples/model", "model bundle to score with");
    static final Option<String> RUNS = Option.string("runs", "ceiling,job,job-with-archive",
            "which pipelines to run, in order: ceiling, job (results sink), job-with-archive (plus the Parquet archive), "
                    + "shadow-N (job-with-archive plus N shadow models, copies of --model, scoring every event into the archive), "
                    + "job-no-monitoring (job with --drift false --live-quality false; drift needs a --model with reference "
                    + "distributions, docs/monitoring.md)");
    static final Option<Duration> CHECKPOINT_INTERVAL = Option.duration("checkpoint-interval",
            RuntimeOptions.CHECKPOINT_INTERVAL.defaultValue(), "checkpoint interval of every run (the job's default)");
    static final Option<String> MANAGED_MEMORY = Option.string("managed-memory", "1g",
            "the MiniCluster's managed memory (RocksDB's memtables and cache), as in flink-conf/config.yaml");
    static final Option<String> JOB_ARGS = Option.string("job-args", "", "extra job options for the job runs, space-separated");
    static final Option<String> FLINK_CONFIG = Option.string("flink-config", "",
            "more Flink configuration of the local cluster for every run, comma-separated key=value pairs");
    static final Option<Integer> REPEAT = Option.integer("repeat", 1,
            "rounds of --runs, one after the other; with more than one, the median of each run's share of its round's "
                    + "ceiling is printed at the end (this machine's run-to-run spread is larger than many effects)");

    private JobThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options options = new Options("bin/intentstream bench job", "Whole-job throughput against its ceiling.")
                .add(EVENTS).add(DATA_DIR).add(MODEL).add(RUNS).add(CHECKPOINT_INTERVAL).add(MANAGED_MEMORY).add(JOB_ARGS)
                .add(FLINK_CONFIG).add(REPEAT);
        Options.Values v = options.parseOrExit(args);
        if (v == null) {
            return;
        }
        Path input = generated(Path.of(v.get(DATA_DIR)), v.get(EVENTS));
        ModelBundle bundle = ModelBundle.read(Path.of(v.get(MODEL)));
        System.out.printf("input %s, parallelism 2, RocksDB (managed memory %s), checkpoints every %s%s%n", input,
                v.get(MANAGED_MEMORY), Option.render(v.get(CHECKPOINT_INTERVAL)),
                v.get(FLINK_CONFIG).isBlank() ? "" : ", Flink configuration " + v.get(FLINK_CONFIG));
        Map<String, List<Double>> shares = new LinkedHashMap<>();
        for (int round = 1; round <= v.get(REPEAT); round++) {
            if (v.get(REPEAT) > 1) {
                System.out.printf("round %d of %d%n", round, v.get(REPEAT));
            }
            runRound(input, bundle, v, shares);
        }
        if (v.get(REPEAT) > 1) {
            for (Map.Entry<String, List<Double>> run : shares.entrySet()) {
                List<Double> sorted = new ArrayList<>(run.getValue());
                Collections.sort(sorted);
                int n = sorted.size();
                // An even count has two middle rounds: their mean, not the upper one.
                double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
                System.out.printf("%-17s median %.0f%% of the ceiling over %d rounds (%.0f%% to %.0f%%)%n", run.getKey(),
                        100 * median, n, 100 * sorted.get(0), 100 * sorted.get(n - 1));
            }
        }
    }

    /** One pass over --runs; each run's share of this round's ceiling is added to {@code shares}. */
    private static void runRound(Path input, ModelBundle bundle, Options.Values v, Map<String, List<Double>> shares)
            throws Exception {
        double ceiling = Double.NaN;
        double archiveSecondsPerEvent = Double.NaN;
        for (String run : v.get(RUNS).split(",")) {
            Path out = Files.createTempDirectory("intentstream-bench-" + run);
            long start = System.nanoTime();
            JobExecutionResult result;
            double seconds;
            try {
                result = run(run.trim(), input, out, bundle, v);
                seconds = (System.nanoTime() - start) / 1e9;
            } finally {
                // Each run writes gigabytes of scores; left behind, a few runs fill the disk.
                FileUtils.deleteDirectory(out.toFile());
            }
            long events = (Long) result.getAccumulatorResult("events_in");
            double rate = events / seconds;
            if (run.trim().equals("ceiling")) {
                ceiling = rate;
            }
            if (run.trim().equals("job-with-archive")) {
                archiveSecondsPerEvent = seconds / events;
            }
            System.out.printf("%-17s %,12d events in %7.1f s: %,10.0f events/s (%,8.0f per core)%s%s%n", run, events, seconds,
                    rate, rate / 2, Double.isNaN(ceiling) || run.trim().equals("ceiling") ? ""
                            : String.format(", %.0f%% of the ceiling", 100 * rate / ceiling),
                    shadowCost(run.trim(), seconds / events, archiveSecondsPerEvent));
            if (!Double.isNaN(ceiling) && !run.trim().equals("ceiling")) {
                shares.computeIfAbsent(run.trim(), k -> new ArrayList<>()).add(rate / ceiling);
            }
        }
    }

    private static Path generated(Path dir, long events) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve("events-" + events + ".jsonl");
        if (!Files.exists(file)) {
            // Enough users and days that the cap on events, not the calendar, ends the file.
            GeneratorConfig config = GeneratorConfig.from(GeneratorOptions.defaults().with(SEED, 1L)
                    .with(USERS, (int) Math.max(10_000, events / 5)).with(DURATION, Duration.ofDays(7))
                    .with(MAX_EVENTS, events));
            Path partial = dir.resolve(file.getFileName() + ".partial");
            new ClickstreamGenerator(config).writeTo(OutputTarget.file(partial, false), null);
            Files.move(partial, file);
        }
        return file;
    }

    private static JobExecutionResult run(String kind, Path input, Path out, ModelBundle bundle, Options.Values v)
            throws Exception {
        String args = v.get(JOB_ARGS) + (kind.equals("job-no-monitoring") ? " --drift false --live-quality false" : "");
        String[] extra = args.isBlank() ? new String[0] : args.trim().split("\\s+");
        String[] base = {"--input", input.toString(), "--input-format", "json",
            "--checkpoint-interval", Option.render(v.get(CHECKPOINT_INTERVAL)),
            "--checkpoint-dir", out.resolve("checkpoints").toUri().toString(), "--archive", out.resolve("archive").toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        Options.Values job = JobOptions.options().parse(all);
        Configuration cluster = clusterConfiguration(v.get(MANAGED_MEMORY), v.get(FLINK_CONFIG));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, cluster);
        JobEnvironment.configure(env, job);
        DataStream<RawRecord> raw = new FileConnector(job).source(env);
        FileSink<String> results = FileSink.forRowFormat(new org.apache.flink.core.fs.Path(out.resolve("results").toString()),
                        new SimpleStringEncoder<String>())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();
        switch (kind) {
            case "ceiling":
                raw.process(new ParseRecords(EventFormat.JSON, PipelineOptions.validationRules(job), 4096)).uid("parse")
                        .assignTimestampsAndWatermarks(WatermarkStrategy.<ClickEvent>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                                .withTimestampAssigner((e, t) -> e.eventTime))
                        .keyBy(e -> e.userId)
                        .process(new CountPerUser()).uid("count")
                        .sinkTo(results).uid("results");
                break;
            case "job":
            case "job-no-monitoring":
            case "job-with-archive": {
                Outputs outputs = ScoringPipeline.build(raw, ModelInput.fixed(env, bundle), job);
                outputs.scores().map(ScoreJsonEncoder::toJson).sinkTo(results).uid("results");
                if (kind.equals("job-with-archive")) {
                    ParquetArchive.attach(outputs, job.get(ConnectorOptions.ARCHIVE));
                }
                break;
            }
            default: {
                if (!kind.startsWith("shadow-")) {
                    throw new IllegalArgumentException("unknown run " + kind);
                }
                Outputs outputs = ScoringPipeline.build(raw, ModelInput.fixed(env, withShadows(bundle,
                        Integer.parseInt(kind.substring("shadow-".length())))), job);
                outputs.scores().map(ScoreJsonEncoder::toJson).sinkTo(results).uid("results");
                ParquetArchive.attach(outputs, job.get(ConnectorOptions.ARCHIVE));
                break;
            }
        }
        return env.execute("throughput: " + kind);
    }

    /** Production {@code bundle} and {@code n} shadow models of the same size: copies of it under other versions. */
    private static ModelSet withShadows(ModelBundle bundle, int n) {
        List<ModelBundle> bundles = new ArrayList<>(List.of(bundle));
        List<String> shadows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ModelBundle copy = ModelBundle.read(bundle.metadata().modelVersion, name -> new ByteArrayInputStream(
                    name.equals(ModelBundle.METADATA_FILE) ? metadataJson(bundle) : bundle.boosterJson()));
            copy.metadata().modelVersion = "shadow-" + i;
            bundles.add(copy);
            shadows.add(copy.metadata().modelVersion);
        }
        return new ModelSet(new StageDocument("bench", 1, null, bundle.metadata().modelVersion, null, shadows, 0, null, null,
                "bench"), bundles);
    }

    private static byte[] metadataJson(ModelBundle bundle) throws java.io.IOException {
        return bundle.metadataJson().getBytes(StandardCharsets.UTF_8);
    }

    /** For a shadow-N run: what each shadow model added per event, in core-microseconds (2 cores), against job-with-archive. */
    private static String shadowCost(String run, double secondsPerEvent, double archiveSecondsPerEvent) {
        if (!run.startsWith("shadow-") || Double.isNaN(archiveSecondsPerEvent)) {
            return "";
        }
        int n = Integer.parseInt(run.substring("shadow-".length()));
        return String.format(", %.2f core-µs per event per shadow model",
                (secondsPerEvent - archiveSecondsPerEvent) * 2e6 / n);
    }

    /** The local cluster's configuration: its managed memory, then comma-separated key=value pairs on top. */
    static Configuration clusterConfiguration(String managedMemory, String pairs) {
        Configuration cluster = new Configuration();
        cluster.setString("taskmanager.memory.managed.size", managedMemory);
        for (String pair : pairs.split(",")) {
            if (!pair.isBlank()) {
                cluster.setString(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        return cluster;
    }

    /** The ceiling's only work per event: one RocksDB read and write of a per-user counter. */
    static final class CountPerUser extends KeyedProcessFunction<String, ClickEvent, String> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(ClickEvent e, Context ctx, Collector<String> out) throws Exception {
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            count.update(next);
            out.collect("{\"event_id\":\"" + e.eventId + "\",\"count\":" + next + "}");
        }
    }

}
