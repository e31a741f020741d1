package io.intentstream.job.pipeline;

import io.intentstream.job.records.DeadLetter;
import io.intentstream.job.records.ExampleRecord;
import io.intentstream.job.records.SplitCutoffs;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The backfill's output streams: examples with their sides, the split (one record) and the rejected input. */
public record BackfillOutputs(DataStream<ExampleRecord> examples, DataStream<SplitCutoffs> split,
        DataStream<DeadLetter> deadLetters) {}
