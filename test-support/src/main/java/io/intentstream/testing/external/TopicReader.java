package io.intentstream.testing.external;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads all partitions of one topic from the beginning and keeps what it has read, so a test can poll
 * a little at a time while a job writes, and check a condition over everything seen so far.
 */
public final class TopicReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

    public TopicReader(KafkaBroker broker, String topic, boolean readCommitted) {
        consumer = broker.consumer(readCommitted);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** One poll; returns how many new records it brought. */
    public int poll() {
        int n = 0;
        for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
            records.add(r);
            n++;
        }
        return n;
    }

    /** Reads until the position reaches the end offsets as of this call (the last stable offset under read_committed). */
    public void readToEnd() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        Await.until(Duration.ofSeconds(60), "the end of " + consumer.assignment(), () -> {
            poll();
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
    }

    public List<ConsumerRecord<String, String>> records() {
        return new ArrayList<>(records);
    }

    public List<String> values() {
        return records.stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
