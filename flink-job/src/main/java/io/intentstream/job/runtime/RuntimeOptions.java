package io.intentstream.job.runtime;

import io.intentstream.cli.Option;
import java.time.Duration;
import java.util.List;

/** Options of the job's runtime: checkpoints, state backend, network buffers and parallelism. */
public final class RuntimeOptions {
    private RuntimeOptions() {}

    /** State backend for the per-user session state. */
    public enum StateBackendKind { ROCKSDB, HASHMAP }

    /** Where RocksDB keeps timers. */
    public enum TimerStore { HEAP, ROCKSDB }

    /** How RocksDB compresses its files. */
    public enum RocksDbCompression { NONE, LZ4, SNAPPY, ZSTD }

    public static final Option<Duration> CHECKPOINT_INTERVAL = Option.duration("checkpoint-interval", Duration.ofMinutes(1),
            "checkpoint interval, also how often archive files are committed and, with exactly-once delivery, how often "
                    + "results become visible; each checkpoint pauses scoring briefly, and at 10 s those pauses alone broke "
                    + "the p99 latency goal (docs/delivery.md)");
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

    public static List<Option<?>> all() {
        return List.of(CHECKPOINT_INTERVAL, BUFFER_TIMEOUT, CHECKPOINT_DIR, STATE_BACKEND, INCREMENTAL_CHECKPOINTS, TIMERS,
                ROCKSDB_COMPRESSION, PARALLELISM);
    }
}
