package io.intentstream.job.connectors;

import io.intentstream.cli.Options;
import io.intentstream.job.ScoringJob;
import io.intentstream.job.records.RawRecord;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Kinesis source of raw events and Kinesis sinks for scores, session outcomes and dead letters. */
public final class KinesisConnectors {
    private KinesisConnectors() {}

    public static DataStream<RawRecord> source(StreamExecutionEnvironment env, Options.Values options) {
        throw new UnsupportedOperationException("the Kinesis source is not built yet");
    }

    public static void attachSinks(ScoringJob.Outputs outputs, Options.Values options) {
        throw new UnsupportedOperationException("the Kinesis sinks are not built yet");
    }
}
