package io.intentstream.job.kinesis;

import io.intentstream.job.pipeline.ModelInput;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.pipeline.ScoringPipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.cli.Options;
import io.intentstream.job.JobOptions;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.connectors.kinesis.KinesisConnector;
import io.intentstream.job.records.RawRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants.InitialPosition;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigUtil;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** How the job's options become the Kinesis connector's configuration, and what is refused up front. */
class KinesisConnectorTest {
    private static final String ARN = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks";

    private static Options.Values options(String... args) {
        List<String> all = new ArrayList<>(List.of("--source", "kinesis", "--kinesis-stream", ARN,
                "--kinesis-scores-stream", "scores"));
        all.addAll(List.of(args));
        return JobOptions.options().parse(all.toArray(new String[0]));
    }

    @Test
    void trimHorizonIsTheDefaultAndTheRegionComesFromTheArn() {
        Configuration config = KinesisConnector.sourceConfig(options());
        assertThat(config.get(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION)).isEqualTo(InitialPosition.TRIM_HORIZON);
        assertThat(config.toMap()).containsEntry("aws.region", "eu-west-1").doesNotContainKey("aws.endpoint");
        assertThat(KinesisConnector.sinkClientProperties(options())).containsEntry("aws.region", "eu-west-1");
    }

    @Test
    void latestStartPosition() {
        Configuration config = KinesisConnector.sourceConfig(options("--kinesis-start-position", "latest"));
        assertThat(config.get(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION)).isEqualTo(InitialPosition.LATEST);
    }

    @Test
    void atTimestampIsReadBackByTheConnectorAsTheSameInstant() {
        for (String given : List.of("2026-11-25T08:00:00Z", "2026-11-25T08:00:00.123Z", "2026-11-25T09:00:00.5+01:00")) {
            Configuration config = KinesisConnector.sourceConfig(options("--kinesis-start-position", "at-timestamp",
                    "--kinesis-start-timestamp", given));
            assertThat(config.get(KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION)).isEqualTo(InitialPosition.AT_TIMESTAMP);
            // The connector's own parser, as its enumerator calls it.
            Instant read = KinesisStreamsSourceConfigUtil.parseStreamTimestampStartingPosition(config).toInstant();
            assertThat(read).as(given).isEqualTo(java.time.OffsetDateTime.parse(given).toInstant());
        }
    }

    @Test
    void atTimestampWithoutOrWithABadTimestampIsRefused() {
        assertThatThrownBy(() -> KinesisConnector.sourceConfig(options("--kinesis-start-position", "at-timestamp")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kinesis-start-timestamp");
        assertThatThrownBy(() -> KinesisConnector.sourceConfig(options("--kinesis-start-position", "at-timestamp",
                "--kinesis-start-timestamp", "2026-11-25 08:00")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO-8601");
    }

    @Test
    void aStreamNameOrMalformedArnIsRefusedWithTheExpectedShape() {
        assertThatThrownBy(() -> KinesisConnector.sourceConfig(options("--kinesis-stream", "clicks")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arn:aws:kinesis:<region>:<12-digit account>:stream/<name>");
    }

    @Test
    void aRegionThatContradictsTheArnIsRefused() {
        assertThatThrownBy(() -> KinesisConnector.sourceConfig(options("--kinesis-region", "us-east-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differs from the region");
        assertThat(KinesisConnector.sourceConfig(options("--kinesis-region", "eu-west-1")).toMap())
                .containsEntry("aws.region", "eu-west-1");
    }

    @Test
    void passThroughPropertiesReachSourceAndSinksAndTypedOptionsWin() {
        Options.Values values = options("--kinesis.flink.shard.discovery.intervalmillis", "2000",
                "--kinesis.aws.credentials.provider", "WEB_IDENTITY_TOKEN", "--kinesis.aws.region", "ap-south-1");
        Configuration config = KinesisConnector.sourceConfig(values);
        assertThat(config.get(KinesisStreamsSourceConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS)).isEqualTo(2000L);
        assertThat(config.toMap()).containsEntry("aws.credentials.provider", "WEB_IDENTITY_TOKEN")
                .containsEntry("aws.region", "eu-west-1");
        assertThat(KinesisConnector.sinkClientProperties(values))
                .containsEntry("aws.credentials.provider", "WEB_IDENTITY_TOKEN").containsEntry("aws.region", "eu-west-1");
    }

    @Test
    void staticCredentialsInOptionsAreRefusedWithoutEchoingThem() {
        for (String[] bad : List.of(
                new String[] {"--kinesis.aws.credentials.provider.basic.secretkey", "s3cr3t-value"},
                new String[] {"--kinesis.aws.credentials.provider.basic.accesskeyid", "s3cr3t-value"},
                new String[] {"--kinesis.aws.credentials.provider", "BASIC"},
                new String[] {"--kinesis.aws.credentials.role.provider.basic.secretkey", "s3cr3t-value"})) {
            assertThatThrownBy(() -> KinesisConnector.sourceConfig(options(bad)))
                    .as(bad[0]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("default provider chain").hasMessageNotContaining("s3cr3t-value");
            assertThatThrownBy(() -> KinesisConnector.sinkClientProperties(options(bad)))
                    .as(bad[0]).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aPlainHttpEndpointGetsHttp11ForTheSinksUnlessSetExplicitly() {
        Properties local = KinesisConnector.sinkClientProperties(options("--kinesis-endpoint", "http://127.0.0.1:4567"));
        assertThat(local).containsEntry("aws.endpoint", "http://127.0.0.1:4567").containsEntry("aws.http.protocol.version", "HTTP1_1");
        Properties tls = KinesisConnector.sinkClientProperties(options("--kinesis-endpoint", "https://kinesis.example.internal"));
        assertThat(tls).doesNotContainKey("aws.http.protocol.version");
        Properties chosen = KinesisConnector.sinkClientProperties(options("--kinesis-endpoint", "http://127.0.0.1:4567",
                "--kinesis.aws.http.protocol.version", "HTTP2"));
        assertThat(chosen).containsEntry("aws.http.protocol.version", "HTTP2");
    }

    @Test
    void sinksWithoutARegionOrStreamAreRefused() {
        Options.Values noRegion = JobOptions.options().parse(new String[] {"--kinesis-scores-stream", "scores"});
        assertThatThrownBy(() -> KinesisConnector.sinkClientProperties(noRegion))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kinesis-region");
    }

    @Test
    void exactlyOnceIsRefusedForKinesisOutput() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Outputs outputs = ScoringPipeline.build(rawRecords(env), ModelInput.fixed(env, JobTestSupport.sampleBundle()), options());
        assertThatThrownBy(() -> new KinesisConnector(options("--delivery", "exactly-once")).attachSinks(outputs))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at-least-once");
    }

    @Test
    void everyKinesisOperatorHasItsStableUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Options.Values values = options("--kinesis-outcomes-stream", "outcomes", "--kinesis-dead-letters-stream",
                "arn:aws:kinesis:eu-west-1:123456789012:stream/dead-letters");
        Outputs outputs = ScoringPipeline.build(new KinesisConnector(values).source(env), ModelInput.fixed(env, JobTestSupport.sampleBundle()), values);
        new KinesisConnector(values).attachSinks(outputs);
        List<String> uids = new ArrayList<>();
        for (StreamNode node : env.getStreamGraph(false).getStreamNodes()) {
            uids.add(node.getTransformationUID());
        }
        assertThat(uids).contains(KinesisConnector.SOURCE_UID, KinesisConnector.SCORES_SINK_UID,
                KinesisConnector.OUTCOMES_SINK_UID, KinesisConnector.DEAD_LETTERS_SINK_UID,
                "parse-records", "session-scoring");
    }

    @Test
    void outcomesAndDeadLetterSinksAreOptional() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Outputs outputs = ScoringPipeline.build(rawRecords(env), ModelInput.fixed(env, JobTestSupport.sampleBundle()), options());
        new KinesisConnector(options()).attachSinks(outputs);
        List<String> uids = new ArrayList<>();
        for (StreamNode node : env.getStreamGraph(false).getStreamNodes()) {
            uids.add(node.getTransformationUID());
        }
        assertThat(uids).contains(KinesisConnector.SCORES_SINK_UID)
                .doesNotContain(KinesisConnector.OUTCOMES_SINK_UID, KinesisConnector.DEAD_LETTERS_SINK_UID);
    }

    @Test
    void partitionKeysAreValidForAnyId() {
        assertThat(KinesisConnector.partitionKey(null)).isEqualTo("-");
        assertThat(KinesisConnector.partitionKey("")).isEqualTo("-");
        assertThat(KinesisConnector.partitionKey("72d76fde-8bb3")).isEqualTo("72d76fde-8bb3");
        assertThat(KinesisConnector.partitionKey("x".repeat(300))).hasSize(256);
        String emojiAcrossTheLimit = "x".repeat(255) + "\uD83D\uDE00" + "y";
        assertThat(KinesisConnector.partitionKey(emojiAcrossTheLimit)).isEqualTo("x".repeat(255));
    }

    private static org.apache.flink.streaming.api.datastream.DataStream<RawRecord> rawRecords(StreamExecutionEnvironment env) {
        return env.fromData(RawRecord.ofText("x", "test:1")).assignTimestampsAndWatermarks(WatermarkStrategy.noWatermarks());
    }
}
