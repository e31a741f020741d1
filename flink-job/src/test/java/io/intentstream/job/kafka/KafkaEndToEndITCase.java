package io.intentstream.job.kafka;

import static io.intentstream.job.kafka.KafkaTestSupport.fieldNames;
import static io.intentstream.job.kafka.KafkaTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.intentstream.cli.Options;
import io.intentstream.job.JobTestSupport;
import io.intentstream.testing.external.KafkaBroker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole REES46 sample through a real Kafka broker, at-least-once (the default delivery mode), with a
 * bounded source so the job ends by itself: every event's score reaches the scores topic keyed by its
 * session, every session's outcome reaches the outcomes topic, and malformed messages reach the dead-letter
 * topic with their reason and their {@code kafka:<topic>/<partition>/<offset>} origin.
 */
class KafkaEndToEndITCase {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    @TempDir
    static Path tmp;

    private static final KafkaTestSupport.Topics TOPICS = new KafkaTestSupport.Topics("e2e");

    /** Malformed messages and the reason each must be rejected with (docs/events.md). */
    private static final Map<String, String> MALFORMED = Map.of(
            "this is not an event", "invalid_csv",
            "2019-10-01 00:10:00 UTC,teleport,1,2,,brand,1.00,u-bad,s-bad", "unknown_event_type",
            "yesterday,view,1,2,,brand,1.00,u-bad,s-bad", "invalid_event_time",
            "2019-10-01 00:10:00 UTC,view,1,2,,brand,cheap,u-bad,s-bad", "invalid_price");

    private static Set<String> expectedIds;
    /** Origin of each malformed message (from the producer's acknowledgement), by its value; "" is the tombstone. */
    private static final Map<String, String> malformedOrigins = new HashMap<>();
    private static List<ConsumerRecord<String, String>> scores;
    private static List<ConsumerRecord<String, String>> outcomes;
    private static List<ConsumerRecord<String, String>> deadLetters;

    @BeforeAll
    static void runTheSampleThroughKafka() throws Exception {
        TOPICS.create(KAFKA, 2);
        List<String> lines = KafkaTestSupport.sampleLines();
        expectedIds = KafkaTestSupport.scoredIds(lines);

        List<ProducerRecord<String, String>> records = new ArrayList<>(KafkaTestSupport.events(TOPICS.events, lines));
        List<String> bad = new ArrayList<>(MALFORMED.keySet());
        bad.add(null);
        List<ProducerRecord<String, String>> badRecords = new ArrayList<>();
        for (int i = 0; i < bad.size(); i++) {
            // Spread over both partitions and between valid events.
            ProducerRecord<String, String> r = new ProducerRecord<>(TOPICS.events, i % 2, null, bad.get(i));
            badRecords.add(r);
            records.add(1000 * (i + 1), r);
        }
        List<RecordMetadata> acks = KAFKA.produce(records);
        for (ProducerRecord<String, String> r : badRecords) {
            RecordMetadata ack = acks.get(records.indexOf(r));
            malformedOrigins.put(r.value() == null ? "" : r.value(),
                    "kafka:" + TOPICS.events + "/" + ack.partition() + "/" + ack.offset());
        }
        Options.Values options = KafkaTestSupport.options(KAFKA, TOPICS, tmp,
                "--kafka-bounded", "--kafka-starting-offsets", "earliest");
        StreamExecutionEnvironment env = KafkaTestSupport.environment(options);
        KafkaTestSupport.kafkaJob(env, options, JobTestSupport.sampleBundle());
        env.execute("kafka end to end");
        scores = KAFKA.readAll(TOPICS.scores, false);
        outcomes = KAFKA.readAll(TOPICS.outcomes, false);
        deadLetters = KAFKA.readAll(TOPICS.deadLetters, false);
    }

    @Test
    void everyEventsScoreIsInTheScoresTopicOnceKeyedBySession() {
        Map<String, Long> perId = scores.stream()
                .collect(Collectors.groupingBy(r -> json(r.value()).get("event_id").asText(), Collectors.counting()));
        assertThat(perId.keySet()).isEqualTo(expectedIds);
        assertThat(expectedIds).hasSize(17_429);
        // No failure happened, so even at-least-once delivered each score once (the producer is idempotent).
        assertThat(perId.values()).allMatch(n -> n == 1);
        for (ConsumerRecord<String, String> r : scores) {
            JsonNode node = json(r.value());
            assertThat(fieldNames(node)).containsExactly("event_id", "session_id", "user_id", "event_time", "scored_at",
                    "model_version", "arm", "propensity");
            assertThat(r.key()).isEqualTo(node.get("session_id").asText());
        }
    }

    @Test
    void everySessionsOutcomeIsInTheOutcomesTopicKeyedBySession() {
        Set<String> sessions = scores.stream().map(r -> json(r.value()))
                .map(n -> n.get("user_id").asText() + "/" + n.get("session_id").asText()).collect(Collectors.toSet());
        List<JsonNode> nodes = outcomes.stream().map(r -> json(r.value())).collect(Collectors.toList());
        assertThat(nodes).hasSize(sessions.size());
        assertThat(nodes.stream().map(n -> n.get("user_id").asText() + "/" + n.get("session_id").asText())
                .collect(Collectors.toSet())).isEqualTo(sessions);
        assertThat(nodes.stream().mapToInt(n -> n.get("event_count").asInt()).sum()).isEqualTo(expectedIds.size());
        assertThat(nodes.stream().filter(n -> n.get("converted").asBoolean()).count()).isEqualTo(200);
        for (ConsumerRecord<String, String> r : outcomes) {
            JsonNode n = json(r.value());
            assertThat(fieldNames(n)).containsExactly("session_id", "user_id", "first_event_time", "last_event_time",
                    "event_count", "converted", "first_purchase_time", "last_propensity_before_conversion", "model_version", "arm",
                    "judged_bot");
            assertThat(r.key()).isEqualTo(n.get("session_id").asText());
            Instant first = Instant.parse(n.get("first_event_time").asText());
            assertThat(Instant.parse(n.get("last_event_time").asText())).isAfterOrEqualTo(first);
            if (n.get("converted").asBoolean()) {
                assertThat(Instant.parse(n.get("first_purchase_time").asText())).isBetween(first,
                        Instant.parse(n.get("last_event_time").asText()));
            } else {
                assertThat(n.get("first_purchase_time").isNull()).isTrue();
            }
            // Every session has a score; only a session that opens with its purchase has none before it.
            JsonNode last = n.get("last_propensity_before_conversion");
            assertThat(last.isNumber() || n.get("converted").asBoolean() && last.isNull()).as("last propensity in %s", n).isTrue();
        }
    }

    @Test
    void malformedMessagesAreDeadLettersWithTheirReasonAndKafkaOrigin() {
        List<JsonNode> nodes = deadLetters.stream().map(r -> json(r.value())).collect(Collectors.toList());
        assertThat(nodes).hasSize(MALFORMED.size() + 1);
        Map<String, JsonNode> byRaw = nodes.stream().collect(Collectors.toMap(n -> n.get("raw").asText(), n -> n));
        assertThat(byRaw.keySet()).isEqualTo(malformedOrigins.keySet());
        MALFORMED.forEach((raw, reason) -> {
            assertThat(byRaw.get(raw).get("reason").asText()).as("reason of %s", raw).isEqualTo(reason);
            assertThat(byRaw.get(raw).get("origin").asText()).isEqualTo(malformedOrigins.get(raw));
        });
        // A tombstone (null value) is no event either: rejected with its position, not dropped silently.
        assertThat(byRaw.get("").get("reason").asText()).isEqualTo("invalid_csv");
        assertThat(byRaw.get("").get("origin").asText()).isEqualTo(malformedOrigins.get(""));
        assertThat(nodes).allSatisfy(n -> assertThat(fieldNames(n)).containsExactly("reason", "detail", "origin", "rejected_at", "raw"));
    }

    @Test
    void theArchiveHoldsEveryScoreOnce() {
        List<String> archived = KafkaTestSupport.archivedScoreIds(tmp.resolve("archive"));
        assertThat(archived).hasSize(expectedIds.size());
        assertThat(Set.copyOf(archived)).isEqualTo(expectedIds);
    }
}
