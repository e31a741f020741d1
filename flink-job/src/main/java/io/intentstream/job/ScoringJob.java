package io.intentstream.job;

import io.intentstream.cli.Options;
import io.intentstream.features.FeatureSchema;
import io.intentstream.job.connectors.Connector;
import io.intentstream.job.connectors.ConnectorOptions;
import io.intentstream.job.connectors.ParquetArchive;
import io.intentstream.job.connectors.file.FileConnector;
import io.intentstream.job.connectors.kafka.KafkaConnector;
import io.intentstream.job.connectors.kinesis.KinesisConnector;
import io.intentstream.job.connectors.redis.RedisOnlineStore;
import io.intentstream.job.connectors.registry.RegistryModels;
import io.intentstream.job.connectors.registry.RegistryOptions;
import io.intentstream.job.functions.ModelSet;
import io.intentstream.job.pipeline.ModelInput;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.pipeline.PipelineOptions;
import io.intentstream.job.pipeline.ScoringPipeline;
import io.intentstream.job.runtime.JobEnvironment;
import io.intentstream.model.BundleException;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.PropensityScorer;
import io.intentstream.model.ReasonCodes;
import io.intentstream.model.Target;
import io.intentstream.registry.StageDocument;
import java.io.IOException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The launcher: reads the options, checks the model bundle, picks the connector, and runs the scoring
 * pipeline between the connector's source and sinks, on a cluster ({@code flink run}) or on a local
 * MiniCluster ({@code bin/intentstream run-local}).
 */
public final class ScoringJob {
    /** A mistake in the options or in what they point at (the option parser exits with it too). */
    static final int EXIT_BAD_CONFIGURATION = 2;
    /** The model bundle is missing, corrupt or does not match the job. */
    static final int EXIT_BAD_BUNDLE = 3;

    private ScoringJob() {}

    public static void main(String[] args) throws Exception {
        if (BackfillJob.requested(args)) {
            BackfillJob.main(args);
            return;
        }
        Options.Values values = JobOptions.options().parseOrExit(args.length == 0 ? managedFlinkArguments() : args);
        if (values == null) {
            return;
        }
        try {
            run(values);
        } catch (BundleException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(EXIT_BAD_BUNDLE);
        } catch (IllegalArgumentException e) {
            // Configuration mistakes found while building sources and sinks: a message, not a stack trace.
            System.err.println("error: " + e.getMessage());
            System.exit(EXIT_BAD_CONFIGURATION);
        }
    }

    /** On Managed Service for Apache Flink, which starts the job without arguments: its runtime properties. */
    private static String[] managedFlinkArguments() throws IOException {
        try {
            return ManagedFlinkProperties.fromRuntime().orElse(new String[0]);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(EXIT_BAD_CONFIGURATION);
            return new String[0];
        }
    }

    /** Refuses, before the job starts, to explain scores with a scorer that cannot (the operator checks each swap). */
    private static void checkExplainable(ModelBundle bundle, Options.Values values) {
        try (PropensityScorer scorer = PipelineOptions.scorerFactory(values).create(bundle)) {
            new ReasonCodes(scorer, FeatureSchema.SIZE, values.get(PipelineOptions.EXPLAIN));
        }
    }

    /** The connector that {@code --source} names. */
    public static Connector connector(Options.Values options) {
        switch (options.get(JobOptions.SOURCE)) {
            case KAFKA:
                return new KafkaConnector(options);
            case KINESIS:
                return new KinesisConnector(options);
            case FILE:
            default:
                return new FileConnector(options);
        }
    }

    private static void run(Options.Values options) throws Exception {
        boolean local = options.get(JobOptions.LOCAL);
        Options.Values values = local ? LocalRun.withSampleDefaults(options) : options;
        boolean registry = values.get(RegistryOptions.REGISTRY) != null;
        if (registry && values.isSet(JobOptions.MODEL)) {
            throw new IllegalArgumentException("--model and --registry exclude each other: a job scores with one fixed bundle "
                    + "or follows the registry's stages");
        }
        BundleLoader.Checked fixed = registry ? null
                : BundleLoader.check(values.get(JobOptions.MODEL), PipelineOptions.scorerFactory(values));
        if (fixed != null && values.get(PipelineOptions.EXPLAIN) > 0) {
            checkExplainable(fixed.bundle(), values);
        }
        if (fixed != null && Target.ofBundle(fixed.bundle().metadata().target).userLevel()) {
            throw new IllegalArgumentException("--model " + values.get(JobOptions.MODEL) + " is a "
                    + fixed.bundle().metadata().target + " model; give user-level models with --user-models");
        }
        ModelSet models = (registry ? RegistryModels.load(values) : ModelSet.fixed(fixed.bundle()))
                .withUserModels(BundleLoader.userModels(values.get(JobOptions.USER_MODELS), PipelineOptions.scorerFactory(values),
                        registry ? name -> RegistryModels.production(values, name) : null));
        StreamExecutionEnvironment env = local ? LocalRun.environment(values) : StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env, values);
        Connector connector = connector(values);
        ModelInput modelInput = registry ? RegistryModels.watch(env, values, models, connector.bounded())
                : ModelInput.fixed(env, models);
        Outputs outputs = ScoringPipeline.build(connector.source(env), modelInput, values);
        connector.attachSinks(outputs);
        ParquetArchive.attach(outputs, values.get(ConnectorOptions.ARCHIVE), values.get(PipelineOptions.EXPLAIN));
        RedisOnlineStore.attach(outputs, values, userHistoryTtl(models));
        String description = describe(models, fixed);
        JobExecutionResult result = env.execute("intentstream scoring (" + description + ")");
        if (local) {
            System.out.print(LocalRun.summary(result, values, description));
        }
    }

    /** The user-history TTL of the production bundle the job starts with; the online store forgets users after it too. */
    private static long userHistoryTtl(ModelSet models) {
        return models.production().metadata().featureConfig.toConfig().userHistoryTtlMillis();
    }

    /** The models for logs and the local summary: the fixed bundle and its scorer, or the registry's revision. */
    private static String describe(ModelSet models, BundleLoader.Checked fixed) {
        if (fixed != null) {
            return fixed.bundle().metadata().modelVersion + " (scorer: " + fixed.scorer() + ")";
        }
        StageDocument stages = models.stages();
        return stages.model() + " revision " + stages.revision() + ": " + stages.summary();
    }
}
