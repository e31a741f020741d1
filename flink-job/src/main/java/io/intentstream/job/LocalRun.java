package io.intentstream.job;

import io.intentstream.cli.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
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
        if (v.get(JobOptions.SOURCE) == JobOptions.SourceKind.FILE && !v.isSet(JobOptions.INPUT)) {
            out = out.with(JobOptions.INPUT, SAMPLE_EVENTS).with(JobOptions.INPUT_FORMAT, "rees46");
        }
        if (!v.isSet(JobOptions.MODEL)) {
            out = out.with(JobOptions.MODEL, SAMPLE_MODEL);
        }
        if (!v.isSet(JobOptions.CHECKPOINT_DIR)) {
            try {
                out = out.with(JobOptions.CHECKPOINT_DIR,
                        Files.createTempDirectory("intentstream-checkpoints").toUri().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!v.isSet(JobOptions.CHECKPOINT_INTERVAL)) {
            // A bounded local run ends with a final checkpoint that commits the files; don't wait 10 s for it.
            out = out.with(JobOptions.CHECKPOINT_INTERVAL, java.time.Duration.ofSeconds(1));
        }
        if (!v.isSet(JobOptions.PARALLELISM)) {
            out = out.with(JobOptions.PARALLELISM, 2);
        }
        return out;
    }

    /** A MiniCluster configured from flink-conf/config.yaml (RocksDB keeps its files in a temp directory). */
    static StreamExecutionEnvironment environment(Options.Values v) {
        Configuration conf = GlobalConfiguration.loadConfiguration(v.get(JobOptions.FLINK_CONF_DIR));
        return StreamExecutionEnvironment.createLocalEnvironment(v.get(JobOptions.PARALLELISM), conf);
    }

    static String summary(JobExecutionResult r, Options.Values v, BundleLoader.Checked bundle) {
        Map<String, Object> acc = r.getAllAccumulatorResults();
        StringBuilder sb = new StringBuilder("\n== IntentStream local run ==\n");
        sb.append(String.format("%-17s%s (scorer: %s)%n", "model", bundle.bundle().metadata().modelVersion, bundle.scorer()));
        sb.append(String.format("%-17s%s%n", "input", v.get(JobOptions.INPUT)));
        line(sb, "events read", acc, "events_in");
        line(sb, "  valid", acc, "events_valid");
        line(sb, "  rejected", acc, "events_rejected");
        line(sb, "  duplicates", acc, "events_duplicate");
        line(sb, "  late", acc, "events_late");
        line(sb, "events scored", acc, "events_scored");
        line(sb, "sessions opened", acc, "sessions_opened");
        line(sb, "sessions closed", acc, "sessions_closed");
        line(sb, "  converted", acc, "sessions_converted");
        sb.append(String.format("%-17sscores (JSON lines): %s%n", "outputs", v.get(JobOptions.RESULTS)));
        sb.append(String.format("%-17sarchive (Parquet):   %s/{scores,session_outcomes,dead_letters}%n", "", v.get(JobOptions.ARCHIVE)));
        sb.append(String.format("%-17sdead letters:        %s%n", "", v.get(JobOptions.DEAD_LETTERS)));
        sb.append(String.format("%-17s%.1f s%n", "runtime", r.getNetRuntime() / 1000.0));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, Map<String, Object> acc, String name) {
        Object value = acc.get(name);
        sb.append(String.format("%-17s%s%n", label, value == null ? 0 : value));
    }
}
