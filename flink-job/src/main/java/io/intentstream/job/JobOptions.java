package io.intentstream.job;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import java.time.Duration;
import java.util.List;

/** Every option of the scoring job, with its default and meaning (rendered into docs/configuration.md by --help). */
public final class JobOptions {
    private JobOptions() {}

    /** Where events come from. */
    public enum SourceKind { FILE, KAFKA, KINESIS }

    /** Which scorer evaluates the model. */
    public enum ScorerKind { XGBOOST4J }

    /** State backend for the per-user session state. */
    public enum StateBackendKind { ROCKSDB, HASHMAP }

    public static final Option<SourceKind> SOURCE =
            Option.choice("source", SourceKind.FILE, SourceKind.class, "where events come from");
    public static final Option<String> INPUT = Option.string("input", null,
            "file source: comma-separated files or directories (plain or .gz)");
    public static final Option<String> INPUT_FORMAT = Option.string("input-format", "json",
            "file source layout: json (our contract) or rees46 (CSV); Retailrocket files: convert first");
    public static final Option<String> MODEL = Option.string("model", null,
            "model bundle directory, any Flink file system path (local, s3://, hdfs://)");
    public static final Option<ScorerKind> SCORER =
            Option.choice("scorer", ScorerKind.XGBOOST4J, ScorerKind.class, "model evaluator");
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
            "how often watermarks are emitted");
    public static final Option<Duration> SOURCE_IDLENESS = Option.duration("source-idleness", Duration.ofSeconds(30),
            "a source split without events for this long no longer holds back the watermark");
    public static final Option<Duration> CHECKPOINT_INTERVAL = Option.duration("checkpoint-interval", Duration.ofSeconds(10),
            "checkpoint interval (also how often archive files are committed)");
    public static final Option<String> CHECKPOINT_DIR = Option.string("checkpoint-dir", null,
            "checkpoint storage path; default: the cluster's execution.checkpointing.dir (local runs: a temp directory)");
    public static final Option<StateBackendKind> STATE_BACKEND = Option.choice("state-backend", StateBackendKind.ROCKSDB,
            StateBackendKind.class, "state backend (RocksDB with incremental checkpoints by default)");
    public static final Option<Integer> PARALLELISM = Option.integer("parallelism", null,
            "job parallelism; default: the cluster's (local runs: 2)");
    public static final Option<Integer> MAX_RECORD_BYTES = Option.integer("max-record-bytes", 64 * 1024,
            "inputs larger than this are rejected (record_too_large)");
    public static final Option<Integer> MAX_IDENTIFIER_LENGTH = Option.integer("max-identifier-length", 256,
            "ids longer than this are rejected (identifier_too_long)");
    public static final Option<String> EVENT_TYPE_ALIASES = Option.string("event-type-aliases", "",
            "extra event type names, e.g. addtocart=cart,transaction=purchase");
    public static final Option<Duration> MAX_FUTURE_SKEW = Option.duration("max-future-skew", null,
            "live mode: reject events whose time is this far ahead of the wall clock; unset for replay of history");
    public static final Option<Boolean> LOCAL = Option.bool("local", false,
            "run on an embedded MiniCluster with flink-conf/config.yaml and print a summary (set by bin/intentstream run-local)");
    public static final Option<String> FLINK_CONF_DIR = Option.string("flink-conf-dir", "flink-conf",
            "local runs: directory with Flink's config.yaml");

    public static Options options() {
        Options o = new Options("flink run intentstream-flink-job.jar  |  bin/intentstream run-local",
                "Scores purchase intent for every clickstream event with an XGBoost model bundle.");
        for (Option<?> opt : List.of(SOURCE, INPUT, INPUT_FORMAT, MODEL, SCORER, RESULTS, RESULTS_STDOUT, ARCHIVE, DEAD_LETTERS,
                DEAD_LETTER_MAX_RAW_CHARS, MAX_OUT_OF_ORDERNESS, WATERMARK_INTERVAL, SOURCE_IDLENESS, CHECKPOINT_INTERVAL,
                CHECKPOINT_DIR, STATE_BACKEND, PARALLELISM, MAX_RECORD_BYTES, MAX_IDENTIFIER_LENGTH, EVENT_TYPE_ALIASES,
                MAX_FUTURE_SKEW, LOCAL, FLINK_CONF_DIR)) {
            o.add(opt);
        }
        return o;
    }
}
