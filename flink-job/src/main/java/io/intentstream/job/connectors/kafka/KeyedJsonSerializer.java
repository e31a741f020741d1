package io.intentstream.job.connectors.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes one output record as a Kafka message: a UTF-8 key (or none) and the record's JSON as the value. */
public final class KeyedJsonSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, String> json;

    /** {@code key} may return null: the message then has no key and Kafka spreads such messages over partitions. */
    public KeyedJsonSerializer(String topic, SerializableFunction<T, String> key, SerializableFunction<T, String> json) {
        this.topic = topic;
        this.key = key;
        this.json = json;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key.apply(element);
        // No explicit timestamp: the producer stamps the write time. The Flink timestamp is the event time,
        // and a replay of old events would otherwise write messages that retention deletes at once.
        return new ProducerRecord<>(topic, null, null,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                json.apply(element).getBytes(StandardCharsets.UTF_8));
    }

    public String topic() {
        return topic;
    }
}
