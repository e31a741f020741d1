package io.intentstream.job;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.events.ApplyOrder;
import io.intentstream.job.connectors.ExampleParquet;
import io.intentstream.job.connectors.file.FileConnector;
import io.intentstream.job.connectors.file.FileOptions;
import io.intentstream.job.functions.JobMetric;
import io.intentstream.job.pipeline.BackfillOptions;
import io.intentstream.job.pipeline.BackfillOutputs;
import io.intentstream.job.pipeline.BackfillPipeline;
import io.intentstream.job.runtime.JobEnvironment;
import io.intentstream.job.runtime.RuntimeOptions;
import io.intentstream.replay.ExampleOptions;
import java.io.IOException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The backfill launcher: the trainer's replay of a history as a Flink BATCH job, writing training examples as
 * Parquet (docs/backfill.md). On a cluster: {@code flink run intentstream-flink-job.jar --mode backfill ...}; locally:
 * {@code bin/intentstream backfill ...} on a MiniCluster.
 */
public final class BackfillJob {
    /** As the scoring job's {@code --local}, under the same name, described for this command. */
    static final Option<Boolean> LOCAL = Option.bool(JobOptions.LOCAL.name(), false,
            "run on an embedded MiniCluster with flink-conf/config.yaml and print a summary (set by bin/intentstream backfill)");

    private BackfillJob() {}

    public static Options options() {
        Options o = new Options("flink run intentstream-flink-job.jar --mode backfill  |  bin/intentstream backfill",
                "Replays event history through the job's feature engine as a Flink BATCH job and writes the trainer's "
                        + "examples, with their temporal split, as Parquet.");
        o.add(JobOptions.MODE).add(FileOptions.INPUT);
        BackfillOptions.all().forEach(o::add);
        o.add(RuntimeOptions.PARALLELISM).add(LOCAL).add(JobOptions.FLINK_CONF_DIR);
        return o;
    }

    public static void main(String[] args) throws Exception {
        Options.Values values = options().parseOrExit(args);
        if (values == null) {
            return;
        }
        try {
            JobExecutionResult result = run(values);
            if (values.get(LOCAL)) {
                System.out.print(summary(result, values));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(ScoringJob.EXIT_BAD_CONFIGURATION);
        }
    }

    static JobExecutionResult run(Options.Values values) throws Exception {
        Options.Values v = values.get(LOCAL) && !values.isSet(RuntimeOptions.PARALLELISM)
                ? values.with(RuntimeOptions.PARALLELISM, 2) : values;
        StreamExecutionEnvironment env = v.get(LOCAL) ? LocalRun.environment(v)
                : StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, v);
        return env.execute("intentstream backfill (" + v.get(FileOptions.INPUT) + ")");
    }

    /** The whole job on {@code env}: file source, graph, Parquet sinks (tests run it on their MiniCluster). */
    static void build(StreamExecutionEnvironment env, Options.Values values) throws IOException {
        checkInput(values);
        JobEnvironment.configureBatch(env, values);
        BackfillOutputs outputs = BackfillPipeline.build(new FileConnector(values).source(env), values);
        ExampleParquet.attach(outputs, values.get(BackfillOptions.OUTPUT));
    }

    /** Arrival order is the line order of one file: across files the trainer's file order is not the source's. */
    private static void checkInput(Options.Values values) throws IOException {
        String input = values.get(FileOptions.INPUT);
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("--" + FileOptions.INPUT.name() + " is required");
        }
        if (values.get(ExampleOptions.APPLY_ORDER) == ApplyOrder.ARRIVAL) {
            Path path = new Path(input.trim());
            if (input.contains(",") || FileSystem.get(path.toUri()).getFileStatus(path).isDir()) {
                throw new IllegalArgumentException("--apply-order arrival replays the lines of one file in their order; "
                        + "give one file, or use event-time");
            }
        }
    }

    /** Whether a command line asks for the backfill ({@code --mode backfill}) rather than scoring. */
    static boolean requested(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--" + JobOptions.MODE.name())) {
                return JobOptions.Mode.BACKFILL.name().equalsIgnoreCase(args[i + 1].replace('-', '_'));
            }
        }
        return false;
    }

    private static String summary(JobExecutionResult r, Options.Values v) {
        StringBuilder sb = new StringBuilder("\n== IntentStream backfill ==\n");
        sb.append(String.format("%-17s%s%n", "input", v.get(FileOptions.INPUT)));
        for (JobMetric m : new JobMetric[] {JobMetric.EVENTS_IN, JobMetric.EVENTS_VALID, JobMetric.EVENTS_REJECTED,
                JobMetric.EVENTS_DUPLICATE, JobMetric.SESSIONS_OPENED, JobMetric.EXAMPLE_SESSIONS, JobMetric.EXAMPLES}) {
            sb.append(String.format("%-17s%d%n", m.metricName().replace('_', ' '), m.total(r)));
        }
        sb.append(String.format("%-17s%s/{examples,split,dead_letters}%n", "output", v.get(BackfillOptions.OUTPUT)));
        sb.append(String.format("%-17s%.1f s%n", "runtime", r.getNetRuntime() / 1000.0));
        return sb.toString();
    }
}
