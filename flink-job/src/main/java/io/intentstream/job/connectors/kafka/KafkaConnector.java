package io.intentstream.job.connectors.kafka;

import io.intentstream.cli.Options;
import io.intentstream.job.connectors.Connector;
import io.intentstream.job.connectors.ConnectorOptions;
import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.runtime.RuntimeOptions;
import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.RawRecord;
import io.intentstream.job.records.ScoreRecord;
import io.intentstream.job.records.SessionOutcome;
import io.intentstream.job.formats.DeadLetterJsonEncoder;
import io.intentstream.job.formats.ScoreJsonEncoder;
import io.intentstream.job.formats.SessionOutcomeJson;
import io.intentstream.job.formats.UserScoreJson;
import io.intentstream.job.records.UserScoreRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka source of raw events and Kafka sinks for scores, session outcomes and dead letters
 * (delivery modes and their guarantees: docs/delivery.md).
 *
 * <p>Client properties come from the {@code --kafka.*} pass-through options: {@code --kafka.<name>}
 * goes to the consumer and to the producers, {@code --kafka.consumer.<name>} to the consumer only and
 * {@code --kafka.producer.<name>} to the producers only. Properties that a dedicated option governs
 * are refused rather than silently overridden.
 */
public final class KafkaConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnector.class);

    static final String CONSUMER_ONLY = "consumer.";
    static final String PRODUCER_ONLY = "producer.";

    public static final String SOURCE_UID = "kafka-event-source";
    public static final String SCORES_SINK_UID = "kafka-scores-sink";
    public static final String OUTCOMES_SINK_UID = "kafka-outcomes-sink";
    public static final String DEAD_LETTERS_SINK_UID = "kafka-dead-letters-sink";
    public static final String USER_SCORES_SINK_UID = "kafka-user-scores-sink";

    /** Pass-through keys that a dedicated option (or the connector itself) governs, with what to use instead. */
    private static final Map<String, String> CONSUMER_OWNED = Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "--" + KafkaOptions.BOOTSTRAP_SERVERS.name(),
            ConsumerConfig.GROUP_ID_CONFIG, "--" + KafkaOptions.GROUP_ID.name(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "--" + KafkaOptions.STARTING_OFFSETS.name(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "nothing: offsets are committed on checkpoints",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "nothing: the job reads raw bytes",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "nothing: the job reads raw bytes");
    private static final Map<String, String> PRODUCER_OWNED = Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "--" + KafkaOptions.BOOTSTRAP_SERVERS.name(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "--" + KafkaOptions.TRANSACTIONAL_ID_PREFIX.name(),
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "--" + KafkaOptions.TRANSACTION_TIMEOUT.name(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "nothing: the job writes JSON bytes",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "nothing: the job writes JSON bytes");

    private final Options.Values options;

    public KafkaConnector(Options.Values options) {
        this.options = options;
    }

    /** The event source: raw message values with their {@code kafka:<topic>/<partition>/<offset>} origin. */
    @Override
    public DataStream<RawRecord> source(StreamExecutionEnvironment env) {
        List<String> topics = topics(options);
        KafkaSourceBuilder<RawRecord> builder = KafkaSource.<RawRecord>builder()
                .setProperties(consumerProperties(options))
                .setTopics(topics)
                .setStartingOffsets(startingOffsets(options.get(KafkaOptions.STARTING_OFFSETS)))
                .setDeserializer(new RawRecordDeserializer());
        boolean bounded = options.get(KafkaOptions.BOUNDED);
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        LOG.info("Kafka source: topics {}, group {}, starting offsets {}, bounded {}, client properties {}",
                topics, options.get(KafkaOptions.GROUP_ID), options.get(KafkaOptions.STARTING_OFFSETS), bounded,
                keysOnly(consumerProperties(options)));
        return ConnectorOptions.withSourceParallelism(env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(),
                "events: Kafka " + String.join(",", topics)).uid(SOURCE_UID), options);
    }

    /** Sinks for scores and session outcomes (keyed by session id) and dead letters (no key). */
    @Override
    public boolean bounded() {
        return options.get(KafkaOptions.BOUNDED);
    }

    @Override
    public void attachSinks(Outputs outputs) {
        DeliveryGuarantee guarantee = deliveryGuarantee(options);
        LOG.info("Kafka sinks: {} to {}, {}, {}; client properties {}", guarantee,
                options.get(KafkaOptions.SCORES_TOPIC), options.get(KafkaOptions.OUTCOMES_TOPIC),
                options.get(KafkaOptions.DEAD_LETTERS_TOPIC), keysOnly(producerProperties(options)));
        outputs.scores().sinkTo(sink(options, "scores", new KeyedJsonSerializer<>(options.get(KafkaOptions.SCORES_TOPIC),
                        (SerializableFunction<ScoreRecord, String>) s -> s.sessionId, ScoreJsonEncoder::toJson)))
                .uid(SCORES_SINK_UID).name("scores: Kafka");
        outputs.outcomes().sinkTo(sink(options, "outcomes", new KeyedJsonSerializer<>(options.get(KafkaOptions.OUTCOMES_TOPIC),
                        (SerializableFunction<SessionOutcome, String>) o -> o.sessionId, SessionOutcomeJson::toJson)))
                .uid(OUTCOMES_SINK_UID).name("session outcomes: Kafka");
        outputs.deadLetters().sinkTo(sink(options, "dead-letters", new KeyedJsonSerializer<>(options.get(KafkaOptions.DEAD_LETTERS_TOPIC),
                        (SerializableFunction<DeadLetter, String>) d -> null, DeadLetterJsonEncoder::toJson)))
                .uid(DEAD_LETTERS_SINK_UID).name("dead letters: Kafka");
        outputs.userScores().sinkTo(sink(options, "user-scores", new KeyedJsonSerializer<>(options.get(KafkaOptions.USER_SCORES_TOPIC),
                        (SerializableFunction<UserScoreRecord, String>) u -> u.userId, UserScoreJson::toJson)))
                .uid(USER_SCORES_SINK_UID).name("user scores: Kafka");
    }

    private static <T> KafkaSink<T> sink(Options.Values options, String output, KeyedJsonSerializer<T> serializer) {
        DeliveryGuarantee guarantee = deliveryGuarantee(options);
        var builder = KafkaSink.<T>builder()
                .setKafkaProducerConfig(producerProperties(options))
                .setDeliveryGuarantee(guarantee)
                .setRecordSerializer(serializer);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix(options, output));
        }
        return builder.build();
    }

    /**
     * One prefix per sink: the sink probes and aborts every transactional id under its prefix on start,
     * so two sinks sharing a prefix would fence each other's open transactions.
     */
    public static String transactionalIdPrefix(Options.Values options, String output) {
        return options.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX) + "-" + output;
    }

    public static DeliveryGuarantee deliveryGuarantee(Options.Values options) {
        if (options.get(ConnectorOptions.DELIVERY) != ConnectorOptions.DeliveryMode.EXACTLY_ONCE) {
            return DeliveryGuarantee.AT_LEAST_ONCE;
        }
        Duration timeout = options.get(KafkaOptions.TRANSACTION_TIMEOUT);
        Duration interval = options.get(RuntimeOptions.CHECKPOINT_INTERVAL);
        // A transaction stays open for at least one checkpoint interval; a shorter timeout makes the
        // broker abort it before the checkpoint that commits it completes, and every commit would fail.
        if (timeout.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("--" + KafkaOptions.TRANSACTION_TIMEOUT.name() + " (" + timeout
                    + ") must exceed --" + RuntimeOptions.CHECKPOINT_INTERVAL.name() + " (" + interval + ") for exactly-once delivery");
        }
        return DeliveryGuarantee.EXACTLY_ONCE;
    }

    /** The starting offsets of the option's grammar: earliest, latest, committed-or-earliest, timestamp:&lt;epoch ms&gt;. */
    public static OffsetsInitializer startingOffsets(String spec) {
        String s = spec == null ? "" : spec.trim();
        switch (s) {
            case "earliest":
                return OffsetsInitializer.earliest();
            case "latest":
                return OffsetsInitializer.latest();
            case "committed-or-earliest":
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default:
                if (s.startsWith("timestamp:")) {
                    try {
                        long millis = Long.parseLong(s.substring("timestamp:".length()).trim());
                        if (millis >= 0) {
                            return OffsetsInitializer.timestamp(millis);
                        }
                    } catch (NumberFormatException e) {
                        // reported below with the accepted forms
                    }
                }
                throw new IllegalArgumentException("--" + KafkaOptions.STARTING_OFFSETS.name() + " '" + spec
                        + "': expected earliest, latest, committed-or-earliest or timestamp:<epoch ms>");
        }
    }

    public static List<String> topics(Options.Values options) {
        List<String> topics = new ArrayList<>();
        for (String t : options.get(KafkaOptions.TOPICS).split(",")) {
            if (!t.isBlank()) {
                topics.add(t.trim());
            }
        }
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("--" + KafkaOptions.TOPICS.name() + " names no topic");
        }
        return topics;
    }

    /** Consumer properties: pass-through for all clients and for the consumer, then the dedicated options. */
    public static Properties consumerProperties(Options.Values options) {
        Properties p = passThrough(options, CONSUMER_ONLY, PRODUCER_ONLY, CONSUMER_OWNED);
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(options));
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, options.get(KafkaOptions.GROUP_ID));
        return p;
    }

    /** Producer properties: pass-through for all clients and for producers, then the dedicated options. */
    public static Properties producerProperties(Options.Values options) {
        Properties p = passThrough(options, PRODUCER_ONLY, CONSUMER_ONLY, PRODUCER_OWNED);
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(options));
        p.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                Long.toString(options.get(KafkaOptions.TRANSACTION_TIMEOUT).toMillis()));
        // Said, not left to the client's defaults: a retried send must never write a record twice, so the
        // only duplicates at-least-once allows are re-emissions after a restore (docs/delivery.md).
        p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static Properties passThrough(Options.Values options, String mine, String theirs, Map<String, String> owned) {
        Properties p = new Properties();
        Map<String, String> all = options.withPrefix(KafkaOptions.PROPERTY_PREFIX);
        // Client-specific values first, so that they win over a value given for all clients.
        all.forEach((k, v) -> {
            if (!k.startsWith(mine) && !k.startsWith(theirs)) {
                put(p, k, v, k, owned);
            }
        });
        all.forEach((k, v) -> {
            if (k.startsWith(mine)) {
                put(p, k.substring(mine.length()), v, k, owned);
            }
        });
        return p;
    }

    private static void put(Properties p, String key, String value, String given, Map<String, String> owned) {
        String instead = owned.get(key);
        if (instead != null) {
            throw new IllegalArgumentException("--" + KafkaOptions.PROPERTY_PREFIX + given + " is not accepted; use " + instead);
        }
        p.setProperty(key, value);
    }

    private static String bootstrapServers(Options.Values options) {
        String servers = options.get(KafkaOptions.BOOTSTRAP_SERVERS);
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("--" + KafkaOptions.BOOTSTRAP_SERVERS.name() + " is required for Kafka");
        }
        return servers.trim();
    }

    /** Property names for the log; values stay out of it because they may be credentials. */
    private static Set<String> keysOnly(Properties p) {
        return new TreeSet<>(p.stringPropertyNames());
    }
}
