package io.intentstream.job.connectors.kafka;

import io.intentstream.job.records.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Keeps a Kafka message's value as the raw payload and its position as the origin; parsing happens
 * downstream, so a malformed message becomes a dead letter instead of failing the source.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        // A tombstone carries no event; an empty payload sends it to the dead letters with its position.
        byte[] value = record.value() == null ? EMPTY : record.value();
        out.collect(RawRecord.ofBytes(value, origin(record.topic(), record.partition(), record.offset())));
    }

    /** {@code kafka:<topic>/<partition>/<offset>}, the form dead letters carry (docs/outputs.md). */
    public static String origin(String topic, int partition, long offset) {
        return "kafka:" + topic + "/" + partition + "/" + offset;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
