package io.intentstream.job.kafka;

import io.intentstream.job.pipeline.ModelInput;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.pipeline.ScoringPipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intentstream.cli.Options;
import io.intentstream.job.JobOptions;
import io.intentstream.job.JobTestSupport;
import io.intentstream.job.connectors.kafka.KafkaConnector;
import io.intentstream.job.connectors.kafka.KeyedJsonSerializer;
import io.intentstream.job.connectors.kafka.RawRecordDeserializer;
import io.intentstream.job.records.RawRecord;
import io.intentstream.job.records.SessionOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the Kafka connectors read the job's options: offsets, client properties, delivery, uids, record formats. */
class KafkaConnectorTest {
    private static Options.Values options(String... args) {
        List<String> all = new ArrayList<>(List.of("--kafka-bootstrap-servers", "broker-1:9092,broker-2:9092"));
        all.addAll(List.of(args));
        return JobOptions.options().parse(all.toArray(new String[0]));
    }

    @Test
    void startingOffsetsFollowTheOptionsGrammar() {
        assertThat(KafkaConnector.startingOffsets("earliest").getAutoOffsetResetStrategy()).isEqualTo(OffsetResetStrategy.EARLIEST);
        assertThat(KafkaConnector.startingOffsets("latest").getAutoOffsetResetStrategy()).isEqualTo(OffsetResetStrategy.LATEST);
        // Committed offsets where the group has them; the earliest offset where it has none.
        assertThat(KafkaConnector.startingOffsets("committed-or-earliest").getAutoOffsetResetStrategy())
                .isEqualTo(OffsetResetStrategy.EARLIEST);
        assertThat(KafkaConnector.startingOffsets("timestamp:1569888000000")).isNotNull();
        for (String bad : List.of("", "newest", "timestamp:", "timestamp:yesterday", "timestamp:-1", "committed")) {
            assertThatThrownBy(() -> KafkaConnector.startingOffsets(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamp:<epoch ms>");
        }
    }

    @Test
    void passThroughPropertiesReachTheClientsTheyAreMeantFor() {
        Options.Values o = options("--kafka.security.protocol", "SASL_SSL",
                "--kafka.client.rack", "rack-a",
                "--kafka.consumer.client.rack", "rack-b",
                "--kafka.consumer.max.poll.records", "100",
                "--kafka.producer.linger.ms", "5",
                "--kafka-group-id", "scoring-test",
                "--kafka-transaction-timeout", "5min");
        Properties consumer = KafkaConnector.consumerProperties(o);
        Properties producer = KafkaConnector.producerProperties(o);

        assertThat(consumer).containsEntry("security.protocol", "SASL_SSL").containsEntry("max.poll.records", "100")
                .containsEntry("client.rack", "rack-b").containsEntry("group.id", "scoring-test")
                .containsEntry("bootstrap.servers", "broker-1:9092,broker-2:9092").doesNotContainKey("linger.ms");
        assertThat(producer).containsEntry("security.protocol", "SASL_SSL").containsEntry("linger.ms", "5")
                .containsEntry("client.rack", "rack-a").containsEntry("transaction.timeout.ms", "300000")
                .containsEntry("bootstrap.servers", "broker-1:9092,broker-2:9092").doesNotContainKey("max.poll.records");
    }

    @Test
    void securityPropertiesComeFromAConfigFileAsDocumented(@TempDir Path dir) throws Exception {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"scoring\" password=\"s3cr=t:x\";";
        Path file = dir.resolve("kafka.yaml");
        Files.writeString(file, String.join("\n",
                "# docs/delivery.md",
                "kafka.security.protocol: SASL_SSL",
                "kafka.sasl.mechanism: SCRAM-SHA-512",
                "kafka.sasl.jaas.config: " + jaas,
                "kafka-topics: clickstream"));
        Options.Values o = options("--config", file.toString());
        assertThat(KafkaConnector.consumerProperties(o)).containsEntry("sasl.jaas.config", jaas)
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(KafkaConnector.producerProperties(o)).containsEntry("sasl.jaas.config", jaas);
    }

    @Test
    void propertiesThatAnOptionGovernsAreRefusedWithTheOptionToUse() {
        assertThatThrownBy(() -> KafkaConnector.consumerProperties(options("--kafka.group.id", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kafka-group-id");
        assertThatThrownBy(() -> KafkaConnector.consumerProperties(options("--kafka.consumer.auto.offset.reset", "latest")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kafka-starting-offsets");
        assertThatThrownBy(() -> KafkaConnector.producerProperties(options("--kafka.producer.transaction.timeout.ms", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kafka-transaction-timeout");
        assertThatThrownBy(() -> KafkaConnector.producerProperties(options("--kafka.bootstrap.servers", "elsewhere:9092")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kafka-bootstrap-servers");
        assertThatThrownBy(() -> KafkaConnector.consumerProperties(JobOptions.options().parse(new String[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kafka-bootstrap-servers is required");
    }

    @Test
    void exactlyOnceNeedsATransactionTimeoutAboveTheCheckpointIntervalAndGivesEachSinkItsOwnPrefix() {
        assertThat(KafkaConnector.deliveryGuarantee(options())).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(KafkaConnector.deliveryGuarantee(options("--delivery", "exactly-once"))).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThatThrownBy(() -> KafkaConnector.deliveryGuarantee(options("--delivery", "exactly-once",
                "--kafka-transaction-timeout", "10s", "--checkpoint-interval", "10s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must exceed --checkpoint-interval");

        Options.Values o = options("--kafka-transactional-id-prefix", "shop-a");
        Set<String> prefixes = Stream.of("scores", "outcomes", "dead-letters")
                .map(out -> KafkaConnector.transactionalIdPrefix(o, out)).collect(Collectors.toSet());
        assertThat(prefixes).containsExactlyInAnyOrder("shop-a-scores", "shop-a-outcomes", "shop-a-dead-letters");
    }

    @Test
    void theKafkaGraphHasAStableUidOnEveryOperator() {
        Options.Values o = options("--source", "kafka", "--delivery", "exactly-once", "--input-format", "rees46");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Outputs outputs = ScoringPipeline.build(new KafkaConnector(o).source(env), ModelInput.fixed(env, JobTestSupport.sampleBundle()), o);
        new KafkaConnector(o).attachSinks(outputs);
        List<String> uids = new ArrayList<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            assertThat(node.getTransformationUID()).as("uid of %s", node.getOperatorName()).isNotNull();
            uids.add(node.getTransformationUID());
        }
        assertThat(uids).contains("kafka-event-source", "parse-records", "event-time", "session-scoring", "kafka-scores-sink",
                "kafka-outcomes-sink", "kafka-dead-letters-sink");
    }

    @Test
    void clientPropertyValuesNeverReachTheLog() {
        List<String> logged = new ArrayList<>();
        Logger logger = (Logger) LoggerContext.getContext(false).getLogger(KafkaConnector.class.getName());
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logged.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        Level level = logger.getLevel();
        logger.addAppender(capture);
        logger.setLevel(Level.INFO);
        try {
            Options.Values o = options("--source", "kafka", "--input-format", "rees46",
                    "--kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                            + "username=\"scoring\" password=\"hunter2-secret\";",
                    "--kafka.producer.ssl.key.password", "another-secret");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            Outputs outputs = ScoringPipeline.build(new KafkaConnector(o).source(env), ModelInput.fixed(env, JobTestSupport.sampleBundle()), o);
            new KafkaConnector(o).attachSinks(outputs);
        } finally {
            logger.removeAppender(capture);
            logger.setLevel(level);
        }
        assertThat(String.join("\n", logged)).contains("sasl.jaas.config", "ssl.key.password")
                .doesNotContain("hunter2-secret", "another-secret", "username");
    }

    @Test
    void messagesKeepTheirBytesAndPositionAndATombstoneBecomesAnEmptyPayload() throws Exception {
        List<RawRecord> out = new ArrayList<>();
        Collector<RawRecord> collector = new Collector<>() {
            @Override
            public void collect(RawRecord record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
        RawRecordDeserializer deserializer = new RawRecordDeserializer();
        deserializer.deserialize(new ConsumerRecord<>("clicks", 3, 1042L, "k".getBytes(StandardCharsets.UTF_8),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8)), collector);
        deserializer.deserialize(new ConsumerRecord<>("clicks", 0, 7L, null, null), collector);

        assertThat(out).hasSize(2);
        assertThat(new String(out.get(0).bytes, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(out.get(0).origin).isEqualTo("kafka:clicks/3/1042");
        assertThat(out.get(1).bytes).isEmpty();
        assertThat(out.get(1).origin).isEqualTo("kafka:clicks/0/7");
    }

    @Test
    void outputMessagesAreKeyedJsonWithTheWriteTimeAsTimestamp() {
        KeyedJsonSerializer<SessionOutcome> keyed = new KeyedJsonSerializer<>("outcomes", o -> o.sessionId, o -> "{}");
        KeyedJsonSerializer<SessionOutcome> unkeyed = new KeyedJsonSerializer<>("dead", o -> null, o -> "{}");
        SessionOutcome o = new SessionOutcome();
        o.sessionId = "s-1";

        ProducerRecord<byte[], byte[]> r = keyed.serialize(o, null, 1_569_888_000_000L);
        assertThat(r.topic()).isEqualTo("outcomes");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("s-1");
        assertThat(r.partition()).isNull();
        // The event time is not the message timestamp: replayed history would fall out of retention at once.
        assertThat(r.timestamp()).isNull();
        assertThat(unkeyed.serialize(o, null, null).key()).isNull();
    }
}
