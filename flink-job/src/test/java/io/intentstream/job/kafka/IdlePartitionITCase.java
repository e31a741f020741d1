package io.intentstream.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.intentstream.cli.Options;
import io.intentstream.job.JobTestSupport;
import io.intentstream.testing.external.Await;
import io.intentstream.testing.external.KafkaBroker;
import io.intentstream.testing.external.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic of four partitions of which only the even ones carry events. The Kafka source hands partitions to its
 * two readers in turn, so one reader has nothing to read and holds the watermark back until --source-idleness
 * (here ten minutes) declares it idle. In arrival order, the default, every event's score still reaches the
 * scores topic at once: scores do not wait for the watermark.
 */
class IdlePartitionITCase {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = JobTestSupport.miniCluster();

    private static final int PARTITIONS = 4;
    private static final int LINES = 2_000;
    /** Long enough to show the scores did not wait for idleness, short of the ten minutes they would have waited. */
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @Test
    void scoresFlowWhileOnePartitionIsIdle(@TempDir Path dir) throws Exception {
        KafkaTestSupport.Topics topics = new KafkaTestSupport.Topics("idle");
        topics.create(KAFKA, PARTITIONS);
        List<String> lines = KafkaTestSupport.sampleLines().subList(0, LINES);
        Set<String> expected = KafkaTestSupport.scoredIds(lines);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (ProducerRecord<String, String> r : KafkaTestSupport.events(topics.events, lines)) {
            // Each user's events in order on one even partition; the odd ones, one reader's, get nothing.
            int partition = 2 * Math.floorMod(r.key().hashCode(), PARTITIONS / 2);
            records.add(new ProducerRecord<>(r.topic(), partition, r.key(), r.value()));
        }
        KAFKA.produce(records);

        Options.Values options = KafkaTestSupport.options(KAFKA, topics, dir, "--kafka-starting-offsets", "earliest",
                "--source-idleness", "10m");
        StreamExecutionEnvironment env = KafkaTestSupport.environment(options);
        KafkaTestSupport.kafkaJob(env, options, JobTestSupport.sampleBundle());
        JobClient job = env.executeAsync("idle partition");
        try (TopicReader reader = new TopicReader(KAFKA, topics.scores, false)) {
            Await.until(DEADLINE, "every event's score while a partition is idle", () -> {
                reader.poll();
                return ids(reader).containsAll(expected);
            });
            assertThat(ids(reader)).isEqualTo(expected);
        } finally {
            KafkaTestSupport.cancel(job);
        }
    }

    private static Set<String> ids(TopicReader reader) {
        return reader.records().stream().map(r -> KafkaTestSupport.json(r.value()).get("event_id").asText())
                .collect(Collectors.toSet());
    }
}
