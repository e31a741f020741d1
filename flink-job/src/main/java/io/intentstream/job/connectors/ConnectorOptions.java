package io.intentstream.job.connectors;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import java.util.List;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Options every connector shares: reader parallelism, delivery guarantee and the Parquet archive. */
public final class ConnectorOptions {
    private ConnectorOptions() {}

    /** Delivery guarantee of the Kafka and Kinesis sinks (docs/delivery.md). */
    public enum DeliveryMode { AT_LEAST_ONCE, EXACTLY_ONCE }

    public static final Option<String> ARCHIVE = Option.string("archive", "output/archive",
            "Parquet archive root: tables scores/, session_outcomes/, dead_letters/, shadow_scores/, model_events/ (docs/outputs.md)");
    public static final Option<Integer> SOURCE_PARALLELISM = Option.integer("source-parallelism", null,
            "parallelism of reading, parsing and watermarking; default: the job's. Fewer readers than partitions, "
                    + "shards or files keeps idle readers from holding back the watermark");
    public static final Option<DeliveryMode> DELIVERY = Option.choice("delivery", DeliveryMode.AT_LEAST_ONCE,
            DeliveryMode.class, "Kafka/Kinesis results: at-least-once (low latency, duplicates possible after a failure) "
                    + "or exactly-once (Kafka transactions, visible to read_committed consumers at checkpoint completion)");

    public static List<Option<?>> all() {
        return List.of(ARCHIVE, SOURCE_PARALLELISM, DELIVERY);
    }

    /** Applies {@code --source-parallelism} to a source; parsing and watermarking follow it. */
    public static <T> SingleOutputStreamOperator<T> withSourceParallelism(SingleOutputStreamOperator<T> source,
            Options.Values options) {
        Integer parallelism = options.get(SOURCE_PARALLELISM);
        return parallelism == null ? source : source.setParallelism(parallelism);
    }
}
