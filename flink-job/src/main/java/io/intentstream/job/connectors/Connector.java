package io.intentstream.job.connectors;

import io.intentstream.job.pipeline.Outputs;
import io.intentstream.job.records.RawRecord;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** One external system the job reads events from and writes its outputs to: files, Kafka or Kinesis. */
public interface Connector {
    /** The raw input, with a stable uid; watermarks are assigned after parsing, where event time is known. */
    DataStream<RawRecord> source(StreamExecutionEnvironment env);

    /** Sinks for scores, session outcomes and dead letters (the Parquet archive is attached separately). */
    void attachSinks(Outputs outputs);

    /** Whether the source ends by itself (files, a bounded Kafka read), so a job on it ends too. */
    boolean bounded();
}
