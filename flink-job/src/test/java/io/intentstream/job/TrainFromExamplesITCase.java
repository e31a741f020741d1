package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.cli.Options;
import io.intentstream.model.BundleMetadata;
import io.intentstream.trainer.Trainer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --examples} on the backfill's output of the REES46 sample gives the bundle that {@code train --input}
 * gives on the sample itself: the same booster, byte for byte, and the same metrics, because the examples are read
 * back in the replay's row order.
 */
class TrainFromExamplesITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    @TempDir
    Path tmp;

    @Test
    void trainingFromTheBackfillsExamplesGivesTheBundleOfTrainingFromTheHistory() throws Exception {
        Path examples = tmp.resolve("examples");
        Options.Values backfill = BackfillJob.options().parse(new String[] {"--input", JobTestSupport.SAMPLE_EVENTS.toString(),
                "--format", "rees46", "--output", examples.toString()});
        StreamExecutionEnvironment env = JobTestSupport.batchEnvironment();
        BackfillJob.build(env, backfill);
        env.execute("backfill for training");

        Trainer.Result fromHistory = train("--input", JobTestSupport.SAMPLE_EVENTS.toString(), "--format", "rees46",
                "--output", tmp.resolve("from-history").toString());
        Trainer.Result fromExamples = train("--examples", examples.toString(), "--output", tmp.resolve("from-examples").toString());

        BundleMetadata expected = fromHistory.bundle.metadata();
        assertThat(fromExamples.bundle.metadata().metrics).isNotEmpty().isEqualTo(expected.metrics);
        assertThat(fromExamples.bundle.metadata().bestIteration).isEqualTo(expected.bestIteration);
        assertThat(new String(fromExamples.bundle.boosterJson(), StandardCharsets.UTF_8))
                .isEqualTo(new String(fromHistory.bundle.boosterJson(), StandardCharsets.UTF_8));
    }

    private static Trainer.Result train(String... args) throws Exception {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--rounds", "40", "--threads", "1", "--model-version", "parity"}, 0, all, args.length, 6);
        return Trainer.run(Trainer.options().parse(all));
    }
}
