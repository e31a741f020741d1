package io.intentstream.job.pipeline;

import io.intentstream.cli.Option;
import io.intentstream.replay.ExampleOptions;
import java.util.List;

/**
 * Options of the backfill graph: the input's layout and where the examples go. The options that decide the examples
 * (apply order, session timeout, history TTL, time zone, split) are the trainer's own ({@link ExampleOptions}).
 */
public final class BackfillOptions {
    private BackfillOptions() {}

    public static final Option<String> FORMAT = Option.string("format", "json",
            "input layout: json (our contract) or rees46 (CSV); Retailrocket files: convert first");
    public static final Option<String> OUTPUT = Option.string("output", "output/examples",
            "directory (any Flink file system: local, s3://, hdfs://) for the tables examples/, split/ and dead_letters/ "
                    + "(docs/backfill.md)");

    /** The graph's options, in the order of the help text. */
    public static List<Option<?>> all() {
        return List.of(FORMAT, OUTPUT, ExampleOptions.APPLY_ORDER, ExampleOptions.TIME_ZONE, ExampleOptions.SESSION_TIMEOUT,
                ExampleOptions.USER_HISTORY_TTL, ExampleOptions.CUTOFF_QUANTILE, ExampleOptions.VALIDATION_FRACTION);
    }
}
