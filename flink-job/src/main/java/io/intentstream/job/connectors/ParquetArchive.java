package io.intentstream.job.connectors;

import io.intentstream.job.formats.ArchiveTables;
import io.intentstream.job.formats.EventHourBuckets;
import io.intentstream.job.formats.ParquetColumns;
import io.intentstream.job.pipeline.Outputs;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;

/**
 * The Parquet archive every deployment writes: scores with features, session outcomes, dead letters, user scores, and the
 * drift and model-quality rows of each closed window, one table each, partitioned by event date and hour
 * (docs/outputs.md, docs/monitoring.md).
 *
 * <p>The sinks are chained to the scoring operator, so a score reaches its file without being serialized, sent and
 * read again in another task (with them in tasks of their own, the archive added 22 s to the job's 75 s in
 * {@code bench job} instead of 11 s, docs/BENCHMARKS.md). Their writers encode a row group at a time on the scoring thread: at every
 * checkpoint, when the sink finishes its files, and whenever a row group fills. Row groups of {@link
 * #ROW_GROUP_BYTES} bound each such pause, whatever the event rate and checkpoint interval.
 */
public final class ParquetArchive {
    /**
     * Row groups of the archive's files, in encoded (uncompressed) bytes: about 3,700 score rows of the bench data,
     * which the columnar writer encodes in about 2 ms. With 4 MB the writer alone is about 10% cheaper per row, yet
     * the job with the archive ran 7% slower (docs/BENCHMARKS.md, "Smaller archive row groups"); 512 KB was slower
     * than 1 MB too.
     */
    public static final int ROW_GROUP_BYTES = 1024 * 1024;

    private ParquetArchive() {}

    public static void attach(Outputs outputs, String archiveRoot) {
        attach(outputs, archiveRoot, 0);
    }

    /** @param explainTopK reasons per score ({@code --explain}): the scores table has a column pair for each */
    public static void attach(Outputs outputs, String archiveRoot, int explainTopK) {
        table(outputs.scores(), archiveRoot, ArchiveTables.scores(explainTopK), r -> r.eventTime, "scores", "scores");
        table(outputs.outcomes(), archiveRoot, ArchiveTables.sessionOutcomes(), o -> o.firstEventTime, "outcomes",
                "session outcomes");
        table(outputs.deadLetters(), archiveRoot, ArchiveTables.deadLetters(), d -> d.rejectedAt, "dead-letters",
                "dead letters");
        table(outputs.shadowScores(), archiveRoot, ArchiveTables.shadowScores(), r -> r.eventTime, "shadow-scores",
                "shadow scores");
        table(outputs.userScores(), archiveRoot, ArchiveTables.userScores(), r -> r.eventTime, "user-scores", "user scores");
        table(outputs.modelEvents(), archiveRoot, ArchiveTables.modelEvents(), u -> u.at, "model-events", "model events");
        outputs.drift().ifPresent(drift -> table(drift, archiveRoot, ArchiveTables.drift(), r -> r.windowStart, "drift",
                "drift"));
        outputs.quality().ifPresent(quality -> table(quality, archiveRoot, ArchiveTables.modelQuality(), r -> r.windowStart,
                "model-quality", "model quality"));
    }

    private static <T> void table(DataStream<T> stream, String root, ParquetColumns<T> table,
            ParquetColumns.LongGetter<T> partitionTime, String filePrefix, String description) {
        stream.sinkTo(FileSink.forBulkFormat(new Path(root, table.name()), table.writerFactory(ROW_GROUP_BYTES))
                        .withBucketAssigner(new EventHourBuckets<>(partitionTime))
                        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(filePrefix).withPartSuffix(".parquet").build())
                        .build())
                .uid("archive-" + filePrefix + "-sink").name("archive: " + description);
    }
}
