package io.intentstream.job;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.job.connectors.ConnectorOptions;
import io.intentstream.job.connectors.file.FileOptions;
import io.intentstream.job.connectors.kafka.KafkaOptions;
import io.intentstream.job.connectors.kinesis.KinesisOptions;
import io.intentstream.job.connectors.redis.RedisOptions;
import io.intentstream.job.connectors.registry.RegistryOptions;
import io.intentstream.job.pipeline.PipelineOptions;
import io.intentstream.job.runtime.RuntimeOptions;

/**
 * The scoring job's command line: the launcher's own options plus every layer's (connectors, pipeline,
 * runtime), each declared next to the code that reads it. Rendered into docs/configuration.md by --help.
 */
public final class JobOptions {
    private JobOptions() {}

    /** Where events come from. */
    public enum SourceKind { FILE, KAFKA, KINESIS }

    /** What the job jar runs: the scoring job, or the backfill of training examples (docs/backfill.md). */
    public enum Mode { SCORING, BACKFILL }

    public static final Option<Mode> MODE = Option.choice("mode", Mode.SCORING, Mode.class,
            "scoring: score events (this table); backfill: replay history into training examples as a BATCH job, with "
                    + "the options in the backfill table (docs/backfill.md)");
    public static final Option<SourceKind> SOURCE =
            Option.choice("source", SourceKind.FILE, SourceKind.class, "where events come from");
    public static final Option<String> MODEL = Option.string("model", null,
            "model bundle directory, any Flink file system path (local, s3://, hdfs://); scores with it alone, for the "
                    + "job's life (--registry instead: models that change without a restart)");
    public static final Option<String> USER_MODELS = Option.string("user-models", null,
            "bundles of user-level targets scored at every purchase event, comma-separated target=directory pairs, e.g. "
                    + "repeat-purchase=models/rp,next-purchase-days=models/np (one per target; trained with the production "
                    + "bundle's feature settings); a location registry:<model-name> is that model's production version in "
                    + "--registry, read at start; their values go to the user_scores outputs (docs/outputs.md)");
    public static final Option<Boolean> LOCAL = Option.bool("local", false,
            "run on an embedded MiniCluster with flink-conf/config.yaml and print a summary (set by bin/intentstream run-local)");
    public static final Option<String> FLINK_CONF_DIR = Option.string("flink-conf-dir", "flink-conf",
            "local runs: directory with Flink's config.yaml");

    public static final Option<Integer> METRICS_PORT = Option.integer("metrics-port", null,
            "local runs: serve Flink's metrics, the job's included, for Prometheus on this port, e.g. 9249 "
                    + "(http://localhost:9249/metrics; docs/monitoring.md); unset: no reporter. On a cluster the reporter "
                    + "is configured in config.yaml");

    public static Options options() {
        Options o = new Options("flink run intentstream-flink-job.jar  |  bin/intentstream run-local",
                "Scores purchase intent for every clickstream event with an XGBoost model bundle.");
        o.add(MODE).add(SOURCE).add(MODEL).add(USER_MODELS);
        PipelineOptions.all().forEach(o::add);
        RuntimeOptions.all().forEach(o::add);
        ConnectorOptions.all().forEach(o::add);
        RegistryOptions.all().forEach(o::add);
        FileOptions.all().forEach(o::add);
        KafkaOptions.all().forEach(o::add);
        KinesisOptions.all().forEach(o::add);
        RedisOptions.all().forEach(o::add);
        o.add(LOCAL).add(FLINK_CONF_DIR).add(METRICS_PORT);
        o.addPassThrough(KafkaOptions.PROPERTY_PREFIX, KafkaOptions.PROPERTY_DESCRIPTION);
        o.addPassThrough(KinesisOptions.PROPERTY_PREFIX, KinesisOptions.PROPERTY_DESCRIPTION);
        return o;
    }
}
