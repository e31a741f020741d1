package io.intentstream.job;

import io.intentstream.cli.Options;
import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventFormat;
import io.intentstream.events.ValidationRules;
import io.intentstream.features.BotRule;
import io.intentstream.job.connectors.KafkaConnectors;
import io.intentstream.job.connectors.KinesisConnectors;
import io.intentstream.job.functions.ParseRecords;
import io.intentstream.job.functions.PerEventWatermarks;
import io.intentstream.job.functions.SessionScoringOperator;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.RawRecord;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.job.sinks.ArchiveTables;
import io.intentstream.job.sinks.DeadLetterJsonEncoder;
import io.intentstream.job.sinks.EventHourBuckets;
import io.intentstream.job.sinks.ScoreJsonEncoder;
import io.intentstream.job.sources.NumberedLineFormat;
import io.intentstream.model.BundleException;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.ScorerSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.PredefinedOptions;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.rocksdb.CompressionType;

/**
 * The scoring job: raw events in; scores, session outcomes and dead letters out.
 *
 * <p>{@link #build} wires the processing graph between an injected input stream and returns the
 * output streams; {@code main} alone decides which connectors feed and drain it, so tests run the same
 * graph between bounded sources and collecting sinks.
 */
public final class ScoringJob {
    private ScoringJob() {}

    /** The job's output streams, before any sink is attached. */
    public static final class Outputs {
        public final DataStream<ScoreRecord> scores;
        public final DataStream<SessionOutcome> outcomes;
        public final DataStream<DeadLetter> deadLetters;

        Outputs(DataStream<ScoreRecord> scores, DataStream<SessionOutcome> outcomes, DataStream<DeadLetter> deadLetters) {
            this.scores = scores;
            this.outcomes = outcomes;
            this.deadLetters = deadLetters;
        }

        /** The same outputs with the scores replaced, e.g. by a stream derived from them ahead of the sinks. */
        public Outputs withScores(DataStream<ScoreRecord> replaced) {
            return new Outputs(replaced, outcomes, deadLetters);
        }
    }

    /** The scorer the options ask for, as a factory that runs on the task managers. */
    public static SessionScoringOperator.ScorerFactory scorerFactory(Options.Values options) {
        ScorerSelector.Preference preference = options.get(JobOptions.SCORER);
        return bundle -> ScorerSelector.select(bundle, preference).scorer();
    }

    public static ValidationRules validationRules(Options.Values options) {
        ValidationRules rules = ValidationRules.defaults()
                .withMaxRecordBytes(options.get(JobOptions.MAX_RECORD_BYTES))
                .withMaxIdentifierLength(options.get(JobOptions.MAX_IDENTIFIER_LENGTH))
                .withAliases(ValidationRules.parseAliases(options.get(JobOptions.EVENT_TYPE_ALIASES)));
        Duration skew = options.get(JobOptions.MAX_FUTURE_SKEW);
        return skew == null ? rules : rules.withMaxFutureSkewMillis(skew.toMillis());
    }

    public static BotRule botRule(Options.Values options) {
        return new BotRule(options.get(JobOptions.BOT_MAX_EVENTS), options.get(JobOptions.BOT_MIN_EVENTS),
                options.get(JobOptions.BOT_MIN_MEAN_GAP).toMillis());
    }

    /** Wires parsing, event time, per-user session scoring and the dead-letter path. */
    public static Outputs build(DataStream<RawRecord> raw, Options.Values options, ModelBundle bundle) {
        int maxRaw = options.get(JobOptions.DEAD_LETTER_MAX_RAW_CHARS);
        EventFormat format = EventFormat.fromOptionName(options.get(JobOptions.INPUT_FORMAT));
        // Parsing and watermarking run at the source's parallelism, chained to it.
        SingleOutputStreamOperator<ClickEvent> events = raw
                .process(new ParseRecords(format, validationRules(options), maxRaw))
                .setParallelism(raw.getParallelism())
                .uid("parse-records").name("parse and validate");

        Duration bound = options.get(JobOptions.MAX_OUT_OF_ORDERNESS);
        WatermarkStrategy<ClickEvent> watermarks = (options.get(JobOptions.WATERMARK_INTERVAL).isZero()
                        ? WatermarkStrategy.<ClickEvent>forGenerator(context -> new PerEventWatermarks(bound))
                        : WatermarkStrategy.<ClickEvent>forBoundedOutOfOrderness(bound))
                .withTimestampAssigner((e, previous) -> e.eventTime)
                .withIdleness(options.get(JobOptions.SOURCE_IDLENESS));

        SingleOutputStreamOperator<ScoreRecord> scores = events
                .assignTimestampsAndWatermarks(watermarks).setParallelism(raw.getParallelism())
                .uid("event-time").name("event time and watermarks")
                .keyBy(e -> e.userId)
                .transform("session features and scoring", TypeInformation.of(ScoreRecord.class),
                        new SessionScoringOperator(bundle, scorerFactory(options), botRule(options), maxRaw))
                .uid("session-scoring");

        DataStream<DeadLetter> deadLetters = events.getSideOutput(ParseRecords.DEAD_LETTERS)
                .union(scores.getSideOutput(SessionScoringOperator.DEAD_LETTERS));
        return new Outputs(scores, scores.getSideOutput(SessionScoringOperator.OUTCOMES), deadLetters);
    }

    /** The file source over the {@code --input} paths. */
    public static DataStream<RawRecord> fileSource(StreamExecutionEnvironment env, Options.Values options) {
        String input = options.get(JobOptions.INPUT);
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("--input is required for the file source");
        }
        List<Path> paths = new ArrayList<>();
        for (String p : input.split(",")) {
            paths.add(new Path(p.trim()));
        }
        FileSource<RawRecord> source = FileSource.forBulkFileFormat(new NumberedLineFormat(), paths.toArray(new Path[0])).build();
        return withSourceParallelism(env.fromSource(source, WatermarkStrategy.noWatermarks(), "event files")
                .uid("file-event-source"), options);
    }

    /** Applies {@code --source-parallelism} to a source; parsing and watermarking follow it in {@link #build}. */
    public static <T> SingleOutputStreamOperator<T> withSourceParallelism(SingleOutputStreamOperator<T> source,
            Options.Values options) {
        Integer parallelism = options.get(JobOptions.SOURCE_PARALLELISM);
        return parallelism == null ? source : source.setParallelism(parallelism);
    }

    /** The file and archive sinks. */
    public static void attachFileSinks(Outputs outputs, Options.Values options) {
        outputs.scores.sinkTo(FileSink.forRowFormat(new Path(options.get(JobOptions.RESULTS)), new ScoreJsonEncoder())
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("scores").withPartSuffix(".jsonl").build())
                        .build())
                .uid("results-file-sink").name("results: JSON lines");
        if (options.get(JobOptions.RESULTS_STDOUT)) {
            outputs.scores.map(ScoreJsonEncoder::toJson).uid("results-to-text").name("results as text")
                    .print().uid("results-stdout").name("results: stdout");
        }
        outputs.deadLetters.sinkTo(FileSink.forRowFormat(new Path(options.get(JobOptions.DEAD_LETTERS)), new DeadLetterJsonEncoder())
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withRollingPolicy(OnCheckpointRollingPolicy.build())
                        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("dead-letters").withPartSuffix(".jsonl").build())
                        .build())
                .uid("dead-letters-file-sink").name("dead letters: JSON lines");
        attachArchive(outputs, options.get(JobOptions.ARCHIVE));
    }

    /**
     * The Parquet archive: scores with features, session outcomes and dead letters, by event date and hour.
     * Each archive sink runs in a task of its own rather than chained to the scoring operator: at every
     * checkpoint a Parquet writer finishes its files on its task's thread, and chained that pause held up
     * scoring (p99 latency 262 ms with it chained, measured in docs/BENCHMARKS.md).
     */
    public static void attachArchive(Outputs outputs, String archiveRoot) {
        outputs.scores.sinkTo(FileSink.forBulkFormat(new Path(archiveRoot, "scores"), ArchiveTables.scores().writerFactory())
                        .withBucketAssigner(new EventHourBuckets<>(r -> r.eventTime))
                        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("scores").withPartSuffix(".parquet").build())
                        .build())
                .uid("archive-scores-sink").name("archive: scores").disableChaining();
        outputs.outcomes.sinkTo(FileSink.forBulkFormat(new Path(archiveRoot, "session_outcomes"),
                                ArchiveTables.sessionOutcomes().writerFactory())
                        .withBucketAssigner(new EventHourBuckets<>(o -> o.firstEventTime))
                        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("outcomes").withPartSuffix(".parquet").build())
                        .build())
                .uid("archive-outcomes-sink").name("archive: session outcomes").disableChaining();
        outputs.deadLetters.sinkTo(FileSink.forBulkFormat(new Path(archiveRoot, "dead_letters"),
                                ArchiveTables.deadLetters().writerFactory())
                        .withBucketAssigner(new EventHourBuckets<>(d -> d.rejectedAt))
                        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("dead-letters").withPartSuffix(".parquet").build())
                        .build())
                .uid("archive-dead-letters-sink").name("archive: dead letters").disableChaining();
    }

    /** Checkpointing and the state backend, from the options (cluster-wide settings stay in config.yaml). */
    static Configuration jobConfiguration(Options.Values options) {
        Configuration conf = new Configuration();
        // Every record and state type has a Flink serializer; a type that would fall back to Kryo fails the job at start.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, options.get(JobOptions.BUFFER_TIMEOUT));
        Duration interval = options.get(JobOptions.WATERMARK_INTERVAL);
        // Zero would switch periodic emission off; per-event watermarks need no timer at all.
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, interval.isZero() ? Duration.ofMillis(200) : interval);
        if (options.get(JobOptions.CHECKPOINT_DIR) != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.get(JobOptions.CHECKPOINT_DIR));
        }
        return conf;
    }

    /** Applies {@link #jobConfiguration}, the state backend, checkpointing and parallelism (public for connector tests). */
    public static void configure(StreamExecutionEnvironment env, Options.Values options) {
        env.configure(jobConfiguration(options));
        // Set as an object, not a config key, so no cluster default can silently swap the backend.
        if (options.get(JobOptions.STATE_BACKEND) == JobOptions.StateBackendKind.ROCKSDB) {
            EmbeddedRocksDBStateBackend rocksDb = new EmbeddedRocksDBStateBackend(options.get(JobOptions.INCREMENTAL_CHECKPOINTS));
            rocksDb.setPriorityQueueStateType(options.get(JobOptions.TIMERS) == JobOptions.TimerStore.HEAP
                    ? EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP
                    : EmbeddedRocksDBStateBackend.PriorityQueueStateType.ROCKSDB);
            // Bloom filters spare point lookups of absent keys (every new user is one) a read
            // of each SST level; measured +25% job throughput, as was the SSD profile's larger write buffers.
            Configuration rocksDbOptions = new Configuration();
            rocksDbOptions.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
            // Values are small and rewritten at every event, so flushes and compactions compress the same
            // sessions over and over, and every read of an uncached block decompresses one.
            rocksDbOptions.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
                    List.of(compression(options.get(JobOptions.ROCKSDB_COMPRESSION))));
            rocksDb = rocksDb.configure(rocksDbOptions, ScoringJob.class.getClassLoader());
            rocksDb.setPredefinedOptions(PredefinedOptions.FLASH_SSD_OPTIMIZED);
            env.setStateBackend(rocksDb);
        } else {
            env.setStateBackend(new HashMapStateBackend());
        }
        env.enableCheckpointing(options.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());
        if (options.get(JobOptions.PARALLELISM) != null) {
            env.setParallelism(options.get(JobOptions.PARALLELISM));
        }
    }

    private static CompressionType compression(JobOptions.RocksDbCompression kind) {
        switch (kind) {
            case LZ4:
                return CompressionType.LZ4_COMPRESSION;
            case SNAPPY:
                return CompressionType.SNAPPY_COMPRESSION;
            case ZSTD:
                return CompressionType.ZSTD_COMPRESSION;
            default:
                return CompressionType.NO_COMPRESSION;
        }
    }

    public static void main(String[] args) throws Exception {
        Options.Values values = JobOptions.options().parseOrExit(args);
        if (values == null) {
            return;
        }
        try {
            run(values);
        } catch (BundleException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(3);
        } catch (IllegalArgumentException e) {
            // Configuration mistakes found while building sources and sinks: a message, not a stack trace.
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(Options.Values options) throws Exception {
        Options.Values values = options;
        boolean local = values.get(JobOptions.LOCAL);
        if (local) {
            values = LocalRun.withSampleDefaults(values);
        }
        BundleLoader.Checked checked = BundleLoader.check(values.get(JobOptions.MODEL), scorerFactory(values));
        ModelBundle bundle = checked.bundle();
        StreamExecutionEnvironment env = local ? LocalRun.environment(values) : StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, values);
        Outputs outputs;
        switch (values.get(JobOptions.SOURCE)) {
            case KAFKA:
                outputs = build(KafkaConnectors.source(env, values), values, bundle);
                KafkaConnectors.attachSinks(outputs, values);
                attachArchive(outputs, values.get(JobOptions.ARCHIVE));
                break;
            case KINESIS:
                outputs = build(KinesisConnectors.source(env, values), values, bundle);
                KinesisConnectors.attachSinks(outputs, values);
                attachArchive(outputs, values.get(JobOptions.ARCHIVE));
                break;
            case FILE:
            default:
                outputs = build(fileSource(env, values), values, bundle);
                attachFileSinks(outputs, values);
        }
        JobExecutionResult result = env.execute("intentstream scoring (model " + bundle.metadata().modelVersion + ")");
        if (local) {
            System.out.print(LocalRun.summary(result, values, checked));
        }
    }
}
