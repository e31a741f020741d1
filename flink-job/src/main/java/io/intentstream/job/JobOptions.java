package io.intentstream.job;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.model.ScorerSelector;
import java.time.Duration;
import java.util.List;

/** Every option of the scoring job, with its default and meaning (rendered into docs/configuration.md by --help). */
public final class JobOptions {
    private JobOptions() {}

    /** Where events come from. */
    public enum SourceKind { FILE, KAFKA, KINESIS }


    /** State backend for the per-user session state. */
    public enum StateBackendKind { ROCKSDB, HASHMAP }

    /** Where RocksDB keeps timers. */
    public enum TimerStore { HEAP, ROCKSDB }

    /** How RocksDB compresses its files. */
    public enum RocksDbCompression { NONE, LZ4, SNAPPY, ZSTD }

    /** Delivery guarantee of the Kafka and Kinesis sinks (docs/delivery.md). */
    public enum DeliveryMode { AT_LEAST_ONCE, EXACTLY_ONCE }

    /** Where a Kinesis source starts reading a stream it has no checkpointed position for. */
    public enum KinesisStartPosition { TRIM_HORIZON, LATEST, AT_TIMESTAMP }

    public static final String KAFKA_PROPERTY_PREFIX = "kafka.";
    public static final String KINESIS_PROPERTY_PREFIX = "kinesis.";

    public static final Option<SourceKind> SOURCE =
            Option.choice("source", SourceKind.FILE, SourceKind.class, "where events come from");
    public static final Option<String> INPUT = Option.string("input", null,
            "file source: comma-separated files or directories (plain or .gz)");
    public static final Option<String> INPUT_FORMAT = Option.string("input-format", "json",
            "file source layout: json (our contract) or rees46 (CSV); Retailrocket files: convert first");
    public static final Option<String> MODEL = Option.string("model", null,
            "model bundle directory, any Flink file system path (local, s3://, hdfs://)");
    public static final Option<ScorerSelector.Preference> SCORER = Option.choice("scorer", ScorerSelector.Preference.AUTO,
            ScorerSelector.Preference.class, "model evaluator: auto uses the pure-Java evaluator when it reproduces the "
                    + "bundle's reference margins bit for bit, else XGBoost4J; java or xgboost4j force one");
    public static final Option<String> RESULTS = Option.string("results", "output/scores",
            "directory for score records as JSON lines (file sink)");
    public static final Option<Boolean> RESULTS_STDOUT = Option.bool("results-stdout", false,
            "also print every score record to stdout");
    public static final Option<String> ARCHIVE = Option.string("archive", "output/archive",
            "Parquet archive root: tables scores/, session_outcomes/, dead_letters/");
    public static final Option<String> DEAD_LETTERS = Option.string("dead-letters", "output/dead-letters",
            "directory for rejected inputs as JSON lines (file source)");
    public static final Option<Integer> DEAD_LETTER_MAX_RAW_CHARS = Option.integer("dead-letter-max-raw-chars", 4096,
            "raw input kept in a dead letter is truncated beyond this many characters");
    public static final Option<Duration> MAX_OUT_OF_ORDERNESS = Option.duration("max-out-of-orderness", Duration.ofSeconds(5),
            "events may arrive this much behind the newest event seen and are still applied in event-time order; "
                    + "scores wait this long (the watermark delay)");
    public static final Option<Duration> WATERMARK_INTERVAL = Option.duration("watermark-interval", Duration.ofMillis(200),
            "how often watermarks are emitted; 0: after every event (lateness then depends only on the input order, "
                    + "at some cost per event)");
    public static final Option<Duration> SOURCE_IDLENESS = Option.duration("source-idleness", Duration.ofSeconds(30),
            "a source split without events for this long no longer holds back the watermark");
    public static final Option<Duration> CHECKPOINT_INTERVAL = Option.duration("checkpoint-interval", Duration.ofSeconds(10),
            "checkpoint interval (also how often archive files are committed)");
    public static final Option<Duration> BUFFER_TIMEOUT = Option.duration("buffer-timeout", Duration.ofMillis(5),
            "longest a network buffer waits to fill before it is sent downstream (Flink's execution.buffer-timeout.interval); "
                    + "Flink's own default, 100 ms, added about 65 ms to the median latency in docs/BENCHMARKS.md");
    public static final Option<String> CHECKPOINT_DIR = Option.string("checkpoint-dir", null,
            "checkpoint storage path; default: the cluster's execution.checkpointing.dir (local runs: a temp directory)");
    public static final Option<StateBackendKind> STATE_BACKEND = Option.choice("state-backend", StateBackendKind.ROCKSDB,
            StateBackendKind.class, "state backend (RocksDB with incremental checkpoints by default)");
    public static final Option<Boolean> INCREMENTAL_CHECKPOINTS = Option.bool("incremental-checkpoints", true,
            "with RocksDB: checkpoint only the files written since the last checkpoint (true) or a full snapshot each time "
                    + "(false; see docs/BENCHMARKS.md for the latency each costs)");
    public static final Option<TimerStore> TIMERS = Option.choice("timers", TimerStore.ROCKSDB, TimerStore.class,
            "with RocksDB: keep the close timers (one per user with an open session) in RocksDB, inside its incremental "
                    + "snapshots, or on the heap (about 100 bytes per user, written synchronously at every checkpoint)");
    public static final Option<RocksDbCompression> ROCKSDB_COMPRESSION = Option.choice("rocksdb-compression",
            RocksDbCompression.NONE, RocksDbCompression.class,
            "with RocksDB: compression of its files at every level; none measured 1.3x the job throughput of snappy "
                    + "(RocksDB's default), for larger files on local disk and in checkpoints (docs/BENCHMARKS.md)");
    public static final Option<Integer> PARALLELISM = Option.integer("parallelism", null,
            "job parallelism; default: the cluster's (local runs: 2)");
    public static final Option<Integer> SOURCE_PARALLELISM = Option.integer("source-parallelism", null,
            "parallelism of reading, parsing and watermarking; default: the job's. Fewer readers than partitions, "
                    + "shards or files keeps idle readers from holding back the watermark");
    public static final Option<Integer> MAX_RECORD_BYTES = Option.integer("max-record-bytes", 64 * 1024,
            "inputs larger than this are rejected (record_too_large)");
    public static final Option<Integer> MAX_IDENTIFIER_LENGTH = Option.integer("max-identifier-length", 256,
            "ids longer than this are rejected (identifier_too_long)");
    public static final Option<String> EVENT_TYPE_ALIASES = Option.string("event-type-aliases", "",
            "extra event type names, e.g. addtocart=cart,transaction=purchase");
    public static final Option<Duration> MAX_FUTURE_SKEW = Option.duration("max-future-skew", null,
            "live mode: reject events whose time is this far ahead of the wall clock; unset for replay of history");
    public static final Option<Integer> BOT_MAX_EVENTS = Option.integer("bot-max-events", 0,
            "stop scoring a session after this many events (reason bot_session); 0: off");
    public static final Option<Duration> BOT_MIN_MEAN_GAP = Option.duration("bot-min-mean-gap", Duration.ZERO,
            "stop scoring a session whose mean gap between events falls below this (reason bot_session); 0: off");
    public static final Option<Integer> BOT_MIN_EVENTS = Option.integer("bot-min-events", 50,
            "events a session needs before --bot-min-mean-gap applies");

    public static final Option<DeliveryMode> DELIVERY = Option.choice("delivery", DeliveryMode.AT_LEAST_ONCE,
            DeliveryMode.class, "Kafka/Kinesis results: at-least-once (low latency, duplicates possible after a failure) "
                    + "or exactly-once (Kafka transactions, visible to read_committed consumers at checkpoint completion)");

    public static final Option<String> KAFKA_BOOTSTRAP_SERVERS = Option.string("kafka-bootstrap-servers", null,
            "Kafka source and sinks: bootstrap servers, host:port[,host:port]");
    public static final Option<String> KAFKA_TOPICS = Option.string("kafka-topics", "clickstream",
            "Kafka source: comma-separated event topics");
    public static final Option<String> KAFKA_GROUP_ID = Option.string("kafka-group-id", "intentstream-scoring",
            "Kafka source: consumer group id (offsets are committed on checkpoints, for monitoring only)");
    public static final Option<String> KAFKA_STARTING_OFFSETS = Option.string("kafka-starting-offsets", "committed-or-earliest",
            "Kafka source, first start only (restores use checkpointed offsets): earliest, latest, "
                    + "committed-or-earliest, or timestamp:<epoch ms>");
    public static final Option<Boolean> KAFKA_BOUNDED = Option.bool("kafka-bounded", false,
            "Kafka source: stop at the offsets that are latest when the job starts (replays, tests)");
    public static final Option<String> KAFKA_SCORES_TOPIC = Option.string("kafka-scores-topic", "intentstream-scores",
            "Kafka sink: score records, keyed by session id");
    public static final Option<String> KAFKA_OUTCOMES_TOPIC = Option.string("kafka-outcomes-topic",
            "intentstream-session-outcomes", "Kafka sink: session outcomes, keyed by session id");
    public static final Option<String> KAFKA_DEAD_LETTERS_TOPIC = Option.string("kafka-dead-letters-topic",
            "intentstream-dead-letters", "Kafka sink: rejected inputs with their reason");
    public static final Option<Duration> KAFKA_TRANSACTION_TIMEOUT = Option.duration("kafka-transaction-timeout",
            Duration.ofMinutes(10), "exactly-once: producer transaction timeout; must not exceed the broker's "
                    + "transaction.max.timeout.ms (15 min by default) and must exceed the checkpoint interval plus "
                    + "the longest expected recovery");
    public static final Option<String> KAFKA_TRANSACTIONAL_ID_PREFIX = Option.string("kafka-transactional-id-prefix",
            "intentstream-scoring", "exactly-once: prefix of transactional ids; unique per job writing to the same cluster");

    public static final Option<String> KINESIS_REGION = Option.string("kinesis-region", null,
            "Kinesis source and sinks: AWS region (credentials come only from the default AWS provider chain)");
    public static final Option<String> KINESIS_STREAM = Option.string("kinesis-stream", null,
            "Kinesis source: ARN of the event stream");
    public static final Option<KinesisStartPosition> KINESIS_START_POSITION = Option.choice("kinesis-start-position",
            KinesisStartPosition.TRIM_HORIZON, KinesisStartPosition.class,
            "Kinesis source, first start only: where to begin reading each shard");
    public static final Option<String> KINESIS_START_TIMESTAMP = Option.string("kinesis-start-timestamp", null,
            "Kinesis source with at-timestamp: ISO-8601 instant to begin at");
    public static final Option<String> KINESIS_SCORES_STREAM = Option.string("kinesis-scores-stream", null,
            "Kinesis sink: stream name for score records (partition key: session id)");
    public static final Option<String> KINESIS_OUTCOMES_STREAM = Option.string("kinesis-outcomes-stream", null,
            "Kinesis sink: stream name for session outcomes");
    public static final Option<String> KINESIS_DEAD_LETTERS_STREAM = Option.string("kinesis-dead-letters-stream", null,
            "Kinesis sink: stream name for rejected inputs");
    public static final Option<String> KINESIS_ENDPOINT = Option.string("kinesis-endpoint", null,
            "Kinesis: endpoint override (local emulators such as kinesalite); unset for AWS");

    public static final Option<Boolean> LOCAL = Option.bool("local", false,
            "run on an embedded MiniCluster with flink-conf/config.yaml and print a summary (set by bin/intentstream run-local)");
    public static final Option<String> FLINK_CONF_DIR = Option.string("flink-conf-dir", "flink-conf",
            "local runs: directory with Flink's config.yaml");

    public static Options options() {
        Options o = new Options("flink run intentstream-flink-job.jar  |  bin/intentstream run-local",
                "Scores purchase intent for every clickstream event with an XGBoost model bundle.");
        for (Option<?> opt : List.of(SOURCE, INPUT, INPUT_FORMAT, MODEL, SCORER, RESULTS, RESULTS_STDOUT, ARCHIVE, DEAD_LETTERS,
                DEAD_LETTER_MAX_RAW_CHARS, MAX_OUT_OF_ORDERNESS, WATERMARK_INTERVAL, SOURCE_IDLENESS, CHECKPOINT_INTERVAL,
                BUFFER_TIMEOUT, CHECKPOINT_DIR, STATE_BACKEND, INCREMENTAL_CHECKPOINTS, TIMERS, ROCKSDB_COMPRESSION, PARALLELISM,
                SOURCE_PARALLELISM, MAX_RECORD_BYTES, MAX_IDENTIFIER_LENGTH, EVENT_TYPE_ALIASES,
                MAX_FUTURE_SKEW, BOT_MAX_EVENTS, BOT_MIN_MEAN_GAP, BOT_MIN_EVENTS, DELIVERY, KAFKA_BOOTSTRAP_SERVERS, KAFKA_TOPICS, KAFKA_GROUP_ID, KAFKA_STARTING_OFFSETS,
                KAFKA_BOUNDED, KAFKA_SCORES_TOPIC, KAFKA_OUTCOMES_TOPIC, KAFKA_DEAD_LETTERS_TOPIC, KAFKA_TRANSACTION_TIMEOUT,
                KAFKA_TRANSACTIONAL_ID_PREFIX, KINESIS_REGION, KINESIS_STREAM, KINESIS_START_POSITION,
                KINESIS_START_TIMESTAMP, KINESIS_SCORES_STREAM, KINESIS_OUTCOMES_STREAM, KINESIS_DEAD_LETTERS_STREAM,
                KINESIS_ENDPOINT, LOCAL, FLINK_CONF_DIR)) {
            o.add(opt);
        }
        o.addPassThrough(KAFKA_PROPERTY_PREFIX, "any Kafka client property for source and sinks, e.g. "
                + "--kafka.security.protocol SASL_SSL (secrets: prefer a --config file readable only by the job)");
        o.addPassThrough(KINESIS_PROPERTY_PREFIX, "any Flink Kinesis connector property, e.g. --kinesis.aws.credentials.provider "
                + "WEB_IDENTITY_TOKEN");
        return o;
    }
}
