package io.intentstream.job.formats;

import io.intentstream.job.records.ExampleRecord;
import io.intentstream.job.records.SplitCutoffs;
import io.intentstream.replay.TemporalCutoffs;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/** The backfill's tables: the examples, partitioned by split side and session date, and the split itself (docs/backfill.md). */
public final class ExampleTables {
    private ExampleTables() {}

    /** One row per example; the features as in the scores archive ({@code f_<name>}, null when missing). */
    public static ParquetColumns<ExampleRecord> examples() {
        return ParquetColumns.<ExampleRecord>table("examples")
                .string("event_id", r -> r.eventId)
                .category("event_type", r -> r.eventType)
                .string("user_id", r -> r.userId)
                .string("session_id", r -> r.sessionId)
                .timestamp("event_time", r -> r.eventTime)
                .timestamp("session_start", r -> r.sessionStart)
                .timestamp("session_end", r -> r.sessionEnd)
                .int32("row_index", r -> r.rowIndex)
                .bool("label", r -> r.label)
                .bool("last_of_session", r -> r.lastOfSession)
                .bool("returning_user", r -> r.returningUser)
                .category("device_type", r -> r.deviceType)
                .category("channel", r -> r.channel)
                .timestamp("settled_time", r -> r.settledTime)
                .category("settled_type", r -> r.settledType)
                .string("settled_event_id", r -> r.settledEventId)
                .float32Vector(ArchiveTables.featureColumns(), r -> r.features);
    }

    /** One row: the cutoffs and the sessions on each side. */
    public static ParquetColumns<SplitCutoffs> split() {
        return ParquetColumns.<SplitCutoffs>table("split")
                .timestamp("cutoff", c -> c.cutoff)
                .timestamp("validation_cutoff", c -> c.validationCutoff == TemporalCutoffs.NO_VALIDATION
                        ? ParquetColumns.NO_TIME : c.validationCutoff)
                .int64("sessions", c -> c.sessions)
                .int64("train_sessions", c -> c.trainSessions)
                .int64("validation_sessions", c -> c.validationSessions)
                .int64("test_sessions", c -> c.testSessions)
                .int64("excluded_sessions", c -> c.excludedSessions);
    }

    /**
     * Hive-style partitions {@code split=<side>/session_date=YYYY-MM-DD} (UTC date of the session's start), so a
     * reader takes one side without listing the others and a session's rows stay together.
     */
    public static final class Partitions implements BucketAssigner<ExampleRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getBucketId(ExampleRecord r, Context context) {
            return bucketFor(r.side, r.sessionStart);
        }

        static String bucketFor(String side, long sessionStart) {
            return "split=" + side + "/session_date=" + Instant.ofEpochMilli(sessionStart).atZone(ZoneOffset.UTC).toLocalDate();
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }
}
