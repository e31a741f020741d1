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
    /**
     * Row groups of the backfill's files. In BATCH execution every partition's file stays open until the job ends,
     * and a Parquet writer buffers its current row group: with Parquet's default (128 MB) a 50M-event backfill of
     * 25 days (75 open partitions per subtask) ran out of a 4 GB heap. A writer holds up to about twice its row
     * group's encoded size (its arrays grow by doubling), so at 2 MB a subtask holds at most about 4 MB per open
     * partition.
     */
    static final int ROW_GROUP_BYTES = 2 * 1024 * 1024;

    private ExampleParquet() {}

    public static void attach(BackfillOutputs outputs, String root) {
        table(outputs.examples(), root, ExampleTables.examples(), new ExampleTables.Partitions(), "examples");
        table(outputs.split(), root, ExampleTables.split(), new BasePathBucketAssigner<>(), "split");
        table(outputs.deadLetters(), root, ArchiveTables.deadLetters(), new BasePathBucketAssigner<>(), "dead-letters");
    }

    private static <T> void table(DataStream<T> stream, String root, ParquetColumns<T> table,
            BucketAssigner<T, String> partitions, String filePrefix) {
        stream.sinkTo(FileSink.forBulkFormat(new Path(root, table.name()), table.writerFactory(ROW_GROUP_BYTES))
                        .withBucketAssigner(partitions)
                        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(filePrefix).withPartSuffix(".parquet").build())
                        .build())
                .uid("backfill-" + filePrefix + "-sink").name("backfill: " + table.name());
    }
}
