package io.intentstream.job.connectors.kafka;

import io.intentstream.cli.Option;
import java.time.Duration;
import java.util.List;

/** Options of the Kafka connector; client properties pass through as {@code --kafka.<name>}. */
public final class KafkaOptions {
    private KafkaOptions() {}

    public static final String PROPERTY_PREFIX = "kafka.";
    public static final String PROPERTY_DESCRIPTION = "any Kafka client property for source and sinks, e.g. "
            + "--kafka.security.protocol SASL_SSL (secrets: prefer a --config file readable only by the job)";

    public static final Option<String> BOOTSTRAP_SERVERS = Option.string("kafka-bootstrap-servers", null,
            "Kafka source and sinks: bootstrap servers, host:port[,host:port]");
    public static final Option<String> TOPICS = Option.string("kafka-topics", "clickstream",
            "Kafka source: comma-separated event topics");
    public static final Option<String> GROUP_ID = Option.string("kafka-group-id", "intentstream-scoring",
            "Kafka source: consumer group id (offsets are committed on checkpoints, for monitoring only)");
    public static final Option<String> STARTING_OFFSETS = Option.string("kafka-starting-offsets", "committed-or-earliest",
            "Kafka source, first start only (restores use checkpointed offsets): earliest, latest, "
                    + "committed-or-earliest, or timestamp:<epoch ms>");
    public static final Option<Boolean> BOUNDED = Option.bool("kafka-bounded", false,
            "Kafka source: stop at the offsets that are latest when the job starts (replays, tests)");
    public static final Option<String> SCORES_TOPIC = Option.string("kafka-scores-topic", "intentstream-scores",
            "Kafka sink: score records, keyed by session id");
    public static final Option<String> OUTCOMES_TOPIC = Option.string("kafka-outcomes-topic",
            "intentstream-session-outcomes", "Kafka sink: session outcomes, keyed by session id");
    public static final Option<String> DEAD_LETTERS_TOPIC = Option.string("kafka-dead-letters-topic",
            "intentstream-dead-letters", "Kafka sink: rejected inputs with their reason");
    public static final Option<String> USER_SCORES_TOPIC = Option.string("kafka-user-scores-topic",
            "intentstream-user-scores", "Kafka sink: user-level predictions at purchase events (--user-models), keyed by user id");
    public static final Option<Duration> TRANSACTION_TIMEOUT = Option.duration("kafka-transaction-timeout",
            Duration.ofMinutes(10), "exactly-once: producer transaction timeout; must not exceed the broker's "
                    + "transaction.max.timeout.ms (15 min by default) and must exceed the checkpoint interval plus "
                    + "the longest expected recovery");
    public static final Option<String> TRANSACTIONAL_ID_PREFIX = Option.string("kafka-transactional-id-prefix",
            "intentstream-scoring", "exactly-once: prefix of transactional ids; unique per job writing to the same cluster");

    public static List<Option<?>> all() {
        return List.of(BOOTSTRAP_SERVERS, TOPICS, GROUP_ID, STARTING_OFFSETS, BOUNDED, SCORES_TOPIC, OUTCOMES_TOPIC,
                DEAD_LETTERS_TOPIC, USER_SCORES_TOPIC, TRANSACTION_TIMEOUT, TRANSACTIONAL_ID_PREFIX);
    }
}
