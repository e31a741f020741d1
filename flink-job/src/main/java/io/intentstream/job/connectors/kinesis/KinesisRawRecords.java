package io.intentstream.job.connectors.kinesis;

import io.intentstream.job.records.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kinesis.source.serialization.KinesisDeserializationSchema;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.util.Collector;

/**
 * Turns each Kinesis record into a {@link RawRecord}: the data bytes unparsed (parsing and its dead
 * letters belong to the job) and the origin {@code kinesis:<stream>/<shard id>/<sequence number>}.
 *
 * <p>The {@code Record} type is the connector's relocated AWS SDK class: it is part of the connector's
 * public deserialization interface, and only this interface gives the shard id and sequence number.
 */
public final class KinesisRawRecords implements KinesisDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(Record record, String streamArn, String shardId, Collector<RawRecord> out) {
        out.collect(RawRecord.ofBytes(record.data().asByteArray(), origin(streamArn, shardId, record.sequenceNumber())));
    }

    /** {@code kinesis:<stream name>/<shard id>/<sequence number>}; the name is shorter than the ARN and unique within an account and region. */
    public static String origin(String streamArn, String shardId, String sequenceNumber) {
        return "kinesis:" + KinesisStreamArn.nameOf(streamArn) + "/" + shardId + "/" + sequenceNumber;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
