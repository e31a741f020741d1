package io.intentstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import io.intentstream.cli.Options;
import io.intentstream.job.connectors.ConnectorOptions;
import io.intentstream.job.connectors.kinesis.KinesisOptions;
import io.intentstream.job.pipeline.PipelineOptions;
import io.intentstream.job.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Managed Flink's property groups become the same typed options as a command line. */
class ManagedFlinkPropertiesTest {
    private static final String EVENTS = "arn:aws:kinesis:eu-west-1:123456789012:stream/intentstream-events";

    /** The file Managed Flink writes for the application, as the AWS library reads it. */
    @Test
    void runtimePropertiesFileMapsOntoTheJobsOptions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("application_properties.json");
        Files.writeString(file, "[{\"PropertyGroupId\": \"IntentStreamJob\", \"PropertyMap\": {"
                + "\"source\": \"kinesis\", \"kinesis-stream\": \"" + EVENTS + "\", \"kinesis-scores-stream\": \"intentstream-scores\","
                + "\"model\": \"s3://models/models/m1/\", \"archive\": \"s3://archive/archive/\","
                + "\"checkpoint-interval\": \"10000ms\", \"kinesis.flink.shard.discovery.intervalmillis\": \"30000\"}}]");

        String[] arguments = ManagedFlinkProperties.fromFile(file.toString()).orElseThrow();
        Options.Values values = JobOptions.options().parse(arguments);

        assertThat(values.get(JobOptions.SOURCE)).isEqualTo(JobOptions.SourceKind.KINESIS);
        assertThat(values.get(KinesisOptions.STREAM)).isEqualTo(EVENTS);
        assertThat(values.get(KinesisOptions.SCORES_STREAM)).isEqualTo("intentstream-scores");
        assertThat(values.get(JobOptions.MODEL)).isEqualTo("s3://models/models/m1/");
        assertThat(values.get(ConnectorOptions.ARCHIVE)).isEqualTo("s3://archive/archive/");
        assertThat(values.get(RuntimeOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(values.withPrefix(KinesisOptions.PROPERTY_PREFIX)).containsEntry("flink.shard.discovery.intervalmillis", "30000");
    }

    @Test
    void noPropertiesFileMeansNotOnManagedFlink(@TempDir Path dir) throws Exception {
        assertThat(ManagedFlinkProperties.fromFile(dir.resolve("absent.json").toString())).isEmpty();
    }

    /** The path the job reads is the one the AWS library names in its own configuration. */
    @Test
    void readsThePathTheAwsLibraryNames() throws Exception {
        Properties library = new Properties();
        try (var in = KinesisAnalyticsRuntime.class.getResourceAsStream("/config.properties")) {
            library.load(in);
        }
        assertThat(ManagedFlinkProperties.PROPERTIES_FILE).isEqualTo(library.getProperty("application_properties_file"));
    }

    @Test
    void valuesKeepEqualsSignsAndSpaces() {
        String[] arguments = ManagedFlinkProperties.arguments(groups(
                "model", "s3://m/models/m1/", "archive", "s3://a/archive/", "event-type-aliases", "addtocart=cart, transaction=purchase"));

        assertThat(JobOptions.options().parse(arguments).get(PipelineOptions.EVENT_TYPE_ALIASES))
                .isEqualTo("addtocart=cart, transaction=purchase");
    }

    @Test
    void missingRequiredOptionNamesItAndWhatItIs() {
        assertThatThrownBy(() -> ManagedFlinkProperties.arguments(groups("archive", "s3://a/archive/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Managed Flink property IntentStreamJob.model is missing: it is required there ("
                        + JobOptions.MODEL.description() + ")");
        assertThatThrownBy(() -> ManagedFlinkProperties.arguments(groups("model", "s3://m/models/m1/")))
                .hasMessageContaining("IntentStreamJob.archive is missing");
    }

    @Test
    void missingOrForeignGroupIsRefused() {
        assertThatThrownBy(() -> ManagedFlinkProperties.arguments(Map.of("FlinkApplicationProperties", new Properties())))
                .hasMessageContaining("unknown property group 'FlinkApplicationProperties'")
                .hasMessageContaining("IntentStreamJob");
    }

    @Test
    void optionsTheServiceOwnsAreRefusedWithWhatToDoInstead() {
        assertThatThrownBy(() -> ManagedFlinkProperties.arguments(groups("model", "s3://m/", "archive", "s3://a/", "parallelism", "4")))
                .hasMessageContaining("IntentStreamJob.parallelism is not allowed there")
                .hasMessageContaining("parallelism_configuration");
        assertThatThrownBy(() -> ManagedFlinkProperties.arguments(groups("model", "s3://m/", "archive", "s3://a/", "checkpoint-dir", "s3://c/")))
                .hasMessageContaining("checkpoint-dir is not allowed there");
        assertThatThrownBy(() -> ManagedFlinkProperties.arguments(groups("model", "s3://m/", "archive", "s3://a/", "--source", "kinesis")))
                .hasMessageContaining("without the leading --");
    }

    /** Names and values go through the job's own parser: a renamed option or a bad value fails as on a command line. */
    @Test
    void unknownOptionOrBadValueFailsInTheJobsParser() {
        String[] unknown = ManagedFlinkProperties.arguments(groups("model", "s3://m/", "archive", "s3://a/", "kinesis-score-stream", "s"));
        assertThatThrownBy(() -> JobOptions.options().parse(unknown)).hasMessageContaining("unknown option --kinesis-score-stream");

        String[] badValue = ManagedFlinkProperties.arguments(groups("model", "s3://m/", "archive", "s3://a/", "checkpoint-interval", "often"));
        assertThatThrownBy(() -> JobOptions.options().parse(badValue)).hasMessageContaining("option --checkpoint-interval: cannot read 'often'");
    }

    private static Map<String, Properties> groups(String... namesAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.setProperty(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Map.of(ManagedFlinkProperties.GROUP, properties);
    }
}
