package io.intentstream.job.connectors;

import io.intentstream.job.formats.ExampleTables;
import io.intentstream.job.formats.ParquetColumns;
import io.intentstream.job.pipeline.BackfillOutputs;
import io.intentstream.job.formats.ArchiveTables;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * The backfill's files under one root: {@code examples/} (partitioned by split side and session date), {@code split/}
 * (one row) and {@code dead_letters/}. In BATCH execution the file sink commits its files when the job ends.
 */
public final class ExampleParquet {
    private ExampleParquet() {}

    public static void attach(BackfillOutputs outputs, String root) {
        table(outputs.examples(), root, ExampleTables.examples(), new ExampleTables.Partitions(), "examples");
        table(outputs.split(), root, ExampleTables.split(), new BasePathBucketAssigner<>(), "split");
        table(outputs.deadLetters(), root, ArchiveTables.deadLetters(), new BasePathBucketAssigner<>(), "dead-letters");
    }

    private static <T> void table(DataStream<T> stream, String root, ParquetColumns<T> table,
            BucketAssigner<T, String> partitions, String filePrefix) {
        stream.sinkTo(FileSink.forBulkFormat(new Path(root, table.name()), table.writerFactory())
                        .withBucketAssigner(partitions)
                        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(filePrefix).withPartSuffix(".parquet").build())
                        .build())
                .uid("backfill-" + filePrefix + "-sink").name("backfill: " + table.name());
    }
}
