package io.intentstream.job;

import io.intentstream.cli.Options;
import io.intentstream.job.connectors.ConnectorOptions;
import io.intentstream.job.connectors.file.FileOptions;
import io.intentstream.job.connectors.registry.RegistryOptions;
import io.intentstream.job.functions.JobMetric;
import io.intentstream.job.pipeline.PipelineOptions;
import io.intentstream.job.runtime.RuntimeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** What differs when the job runs on a laptop: an embedded MiniCluster, sample defaults, a summary at the end. */
final class LocalRun {
    static final String SAMPLE_EVENTS = "samples/rees46_2019-10-01_0000-0250.csv.gz";
    static final String SAMPLE_MODEL = "samples/model";

    private LocalRun() {}

    /** Points input and model at the bundled samples unless given. */
    static Options.Values withSampleDefaults(Options.Values v) {
        Options.Values out = v;
        if (v.get(JobOptions.SOURCE) == JobOptions.SourceKind.FILE && !v.isSet(FileOptions.INPUT)) {
            out = out.with(FileOptions.INPUT, SAMPLE_EVENTS).with(PipelineOptions.INPUT_FORMAT, "rees46");
        }
        if (!v.isSet(JobOptions.MODEL) && v.get(RegistryOptions.REGISTRY) == null) {
            out = out.with(JobOptions.MODEL, SAMPLE_MODEL);
        }
        if (!v.isSet(RuntimeOptions.CHECKPOINT_DIR)) {
            try {
                out = out.with(RuntimeOptions.CHECKPOINT_DIR,
                        Files.createTempDirectory("intentstream-checkpoints").toUri().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!v.isSet(RuntimeOptions.CHECKPOINT_INTERVAL)) {
            // A bounded local run ends with a final checkpoint that commits the files; don't wait a minute for it.
            out = out.with(RuntimeOptions.CHECKPOINT_INTERVAL, java.time.Duration.ofSeconds(1));
        }
        if (!v.isSet(RuntimeOptions.PARALLELISM)) {
            out = out.with(RuntimeOptions.PARALLELISM, 2);
        }
        return out;
    }

    /**
     * A MiniCluster configured from flink-conf/config.yaml (RocksDB keeps its files in a temp directory), with Flink's
     * Prometheus reporter on {@code --metrics-port} when it is set.
     */
    static StreamExecutionEnvironment environment(Options.Values v) {
        Configuration conf = GlobalConfiguration.loadConfiguration(v.get(JobOptions.FLINK_CONF_DIR));
        Integer metricsPort = v.get(JobOptions.METRICS_PORT);
        if (metricsPort != null) {
            prometheusReporter(conf, metricsPort);
        }
        return StreamExecutionEnvironment.createLocalEnvironment(v.get(RuntimeOptions.PARALLELISM), conf);
    }

    /** The same reporter settings as flink-conf/cluster/config.yaml, on one port. */
    static void prometheusReporter(Configuration conf, int port) {
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", String.valueOf(port));
        conf.setString("metrics.reporter.prom.filterLabelValueCharacters", "false");
    }

    static String summary(JobExecutionResult r, Options.Values v, String models) {
        StringBuilder sb = new StringBuilder("\n== IntentStream local run ==\n");
        sb.append(String.format("%-17s%s%n", "model", models));
        sb.append(String.format("%-17s%s%n", "input", v.get(FileOptions.INPUT)));
        line(sb, "events read", r, JobMetric.EVENTS_IN);
        line(sb, "  valid", r, JobMetric.EVENTS_VALID);
        line(sb, "  rejected", r, JobMetric.EVENTS_REJECTED);
        line(sb, "  duplicates", r, JobMetric.EVENTS_DUPLICATE);
        line(sb, "  late", r, JobMetric.EVENTS_LATE);
        line(sb, "events scored", r, JobMetric.EVENTS_SCORED);
        line(sb, "  out of order", r, JobMetric.EVENTS_OUT_OF_ORDER);
        line(sb, "sessions opened", r, JobMetric.SESSIONS_OPENED);
        line(sb, "sessions closed", r, JobMetric.SESSIONS_CLOSED);
        line(sb, "  converted", r, JobMetric.SESSIONS_CONVERTED);
        if (JobMetric.SHADOW_SCORES.total(r) > 0) {
            line(sb, "shadow scores", r, JobMetric.SHADOW_SCORES);
        }
        sb.append(String.format("%-17sscores (JSON lines): %s%n", "outputs", v.get(FileOptions.RESULTS)));
        sb.append(String.format("%-17sarchive (Parquet):   %s/{scores,session_outcomes,dead_letters,shadow_scores,model_events,drift,model_quality}%n", "", v.get(ConnectorOptions.ARCHIVE)));
        sb.append(String.format("%-17sdead letters:        %s%n", "", v.get(FileOptions.DEAD_LETTERS)));
        if (v.get(JobOptions.METRICS_PORT) != null) {
            sb.append(String.format("%-17shttp://localhost:%d/metrics (Prometheus, while the job ran)%n", "metrics",
                    v.get(JobOptions.METRICS_PORT)));
        }
        sb.append(String.format("%-17s%.1f s%n", "runtime", r.getNetRuntime() / 1000.0));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, JobExecutionResult r, JobMetric metric) {
        sb.append(String.format("%-17s%d%n", label, metric.total(r)));
    }
}
