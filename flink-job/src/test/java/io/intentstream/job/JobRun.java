package io.intentstream.job;

import io.intentstream.cli.Options;
import io.intentstream.job.connectors.ConnectorOptions;
import io.intentstream.job.connectors.ParquetArchive;
import io.intentstream.job.connectors.file.FileConnector;
import io.intentstream.job.connectors.redis.RedisOnlineStore;
import io.intentstream.job.functions.JobMetric;
import io.intentstream.job.functions.ModelSet;
import io.intentstream.job.pipeline.ModelInput;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.pipeline.ScoringPipeline;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.DriftRow;
import io.intentstream.job.records.QualityRow;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.job.records.UserScoreRecord;
import io.intentstream.job.runtime.JobEnvironment;
import io.intentstream.model.ModelBundle;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the scoring job over event files on the test's MiniCluster (parallelism 2) with the job's own options,
 * and returns what it emitted and counted: {@code JobRun.of(bundle, "--input", file, ...).run("name")}.
 */
public final class JobRun {
    private final ModelBundle bundle;
    private final Options.Values options;
    private boolean collectScores = true;
    private boolean connectorSinks;
    private List<ModelBundle> userModels = List.of();

    private JobRun(ModelBundle bundle, Options.Values options) {
        this.bundle = bundle;
        this.options = options;
    }

    /** A run with {@code args} parsed as the job's command line. */
    public static JobRun of(ModelBundle bundle, String... args) {
        return new JobRun(bundle, JobOptions.options().parse(args));
    }

    /** Counts scores but keeps none in memory (runs of millions of events). */
    public JobRun withoutCollectedScores() {
        collectScores = false;
        return this;
    }

    /** Also writes through the file connector's sinks and the Parquet archive, as the launcher does. */
    public JobRun withConnectorSinks() {
        connectorSinks = true;
        return this;
    }

    /** Also scores purchase events with these bundles of user-level targets, as {@code --user-models} does. */
    public JobRun withUserModels(List<ModelBundle> bundles) {
        userModels = bundles;
        return this;
    }

    public Options.Values options() {
        return options;
    }

    public Result run(String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        JobEnvironment.configure(env, options);
        FileConnector files = new FileConnector(options);
        Outputs outputs = ScoringPipeline.build(files.source(env),
                ModelInput.fixed(env, ModelSet.fixed(bundle).withUserModels(userModels)), options);
        CollectingSink<ScoreRecord> scores = CollectingSink.named(name + "-scores");
        CollectingSink<SessionOutcome> outcomes = CollectingSink.named(name + "-outcomes");
        CollectingSink<DeadLetter> deadLetters = CollectingSink.named(name + "-dead-letters");
        CollectingSink<UserScoreRecord> userScores = CollectingSink.named(name + "-user-scores");
        outputs.userScores().sinkTo(userScores);
        (collectScores ? outputs.scores() : outputs.scores().filter(s -> false)).sinkTo(scores);
        outputs.outcomes().sinkTo(outcomes);
        outputs.deadLetters().sinkTo(deadLetters);
        CollectingSink<DriftRow> drift = CollectingSink.named(name + "-drift");
        CollectingSink<QualityRow> quality = CollectingSink.named(name + "-quality");
        outputs.drift().ifPresent(d -> d.sinkTo(drift));
        outputs.quality().ifPresent(q -> q.sinkTo(quality));
        if (connectorSinks) {
            files.attachSinks(outputs);
            ParquetArchive.attach(outputs, options.get(ConnectorOptions.ARCHIVE));
        }
        // The online store, as the launcher attaches it: only when the run's options name a Redis.
        RedisOnlineStore.attach(outputs, options, bundle.metadata().featureConfig.toConfig().userHistoryTtlMillis());
        JobExecutionResult result = env.execute(name);
        return new Result(scores.results(), outcomes.results(), deadLetters.results(), drift.results(), quality.results(),
                result, userScores.results());
    }

    /** What a finished run emitted, and its counts summed over subtasks. */
    public record Result(List<ScoreRecord> scores, List<SessionOutcome> outcomes, List<DeadLetter> deadLetters,
            List<DriftRow> drift, List<QualityRow> quality, JobExecutionResult execution, List<UserScoreRecord> userScores) {
        public long count(JobMetric metric) {
            return metric.total(execution);
        }
    }
}
