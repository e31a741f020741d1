package io.intentstream.abreport;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes archive files as the job does, without the job: the same Parquet schemas, Snappy, dictionaries on the
 * category columns only, and Flink's layout of {@code <table>/event_date=.../event_hour=HH/<prefix>-*.parquet}.
 */
final class JobArchiveFiles {
    /**
     * {@code ArchiveTables.sessionOutcomes().schema()} of flink-job (printed from its classes at commit 6bb2ba5);
     * model-trainer does not depend on flink-job, so it is copied here.
     */
    static final MessageType SESSION_OUTCOMES = MessageTypeParser.parseMessageType("message session_outcomes {\n"
            + "  optional binary session_id (STRING);\n"
            + "  optional binary user_id (STRING);\n"
            + "  optional int64 first_event_time (TIMESTAMP(MILLIS,true));\n"
            + "  optional int64 last_event_time (TIMESTAMP(MILLIS,true));\n"
            + "  required int32 event_count;\n"
            + "  required boolean converted;\n"
            + "  optional int64 first_purchase_time (TIMESTAMP(MILLIS,true));\n"
            + "  optional float last_propensity_before_conversion;\n"
            + "  optional binary model_version (STRING);\n"
            + "  optional binary arm (STRING);\n"
            + "  required boolean judged_bot;\n"
            + "}");

    /** The same table as written before arms existed (commit 6bb2ba5 added the arm column). */
    static final MessageType SESSION_OUTCOMES_WITHOUT_ARM = MessageTypeParser.parseMessageType(
            SESSION_OUTCOMES.toString().replace("  optional binary arm (STRING);\n", ""));

    /** The leading columns of {@code ArchiveTables.scores().schema()}; the job adds one float column per feature after them. */
    static final MessageType SCORES = MessageTypeParser.parseMessageType("message scores {\n"
            + "  optional binary event_id (STRING);\n"
            + "  optional binary session_id (STRING);\n"
            + "  optional binary user_id (STRING);\n"
            + "  optional binary event_type (STRING);\n"
            + "  optional int64 event_time (TIMESTAMP(MILLIS,true));\n"
            + "  optional int64 scored_at (TIMESTAMP(MILLIS,true));\n"
            + "  optional binary model_version (STRING);\n"
            + "  optional binary arm (STRING);\n"
            + "  optional float propensity;\n"
            + "  required boolean out_of_order;\n"
            + "  optional float f_event_count;\n"
            + "}");

    /** A session_outcomes row; {@code firstPurchaseTime} null and {@code propensity} NaN are written as Parquet nulls. */
    record Outcome(String sessionId, String userId, long firstEventTime, long lastEventTime, int eventCount, boolean converted,
            Long firstPurchaseTime, float propensity, String modelVersion, String arm, boolean judgedBot) {}

    /** A scores row, with one feature column. */
    record Score(String eventId, String sessionId, String userId, long eventTime, String modelVersion, String arm,
            float propensity) {}

    private JobArchiveFiles() {}

    /** The partition directory of a time, as the job's EventHourBuckets names it. */
    static String bucket(long epochMillis) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
        return String.format("event_date=%s/event_hour=%02d", t.toLocalDate(), t.getHour());
    }

    static void writeOutcomes(Path file, MessageType schema, List<Outcome> rows) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        boolean withArm = schema.containsField("arm");
        try (ParquetWriter<Group> w = writer(file, schema)) {
            for (Outcome o : rows) {
                Group g = groups.newGroup()
                        .append("session_id", o.sessionId())
                        .append("user_id", o.userId())
                        .append("first_event_time", o.firstEventTime())
                        .append("last_event_time", o.lastEventTime())
                        .append("event_count", o.eventCount())
                        .append("converted", o.converted());
                if (o.firstPurchaseTime() != null) {
                    g.append("first_purchase_time", o.firstPurchaseTime());
                }
                if (!Float.isNaN(o.propensity())) {
                    g.append("last_propensity_before_conversion", o.propensity());
                }
                g.append("model_version", o.modelVersion());
                if (withArm && o.arm() != null) {
                    g.append("arm", o.arm());
                }
                g.append("judged_bot", o.judgedBot());
                w.write(g);
            }
        }
    }

    static void writeScores(Path file, List<Score> rows) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(SCORES);
        try (ParquetWriter<Group> w = writer(file, SCORES)) {
            for (Score s : rows) {
                w.write(groups.newGroup()
                        .append("event_id", s.eventId())
                        .append("session_id", s.sessionId())
                        .append("user_id", s.userId())
                        .append("event_type", "view")
                        .append("event_time", s.eventTime())
                        .append("scored_at", s.eventTime() + 5)
                        .append("model_version", s.modelVersion())
                        .append("arm", s.arm())
                        .append("propensity", s.propensity())
                        .append("out_of_order", false)
                        .append("f_event_count", 1f));
            }
        }
    }

    private static ParquetWriter<Group> writer(Path file, MessageType schema) throws IOException {
        Files.createDirectories(file.getParent());
        ExampleParquetWriter.Builder b = ExampleParquetWriter.builder(new LocalFile(file)).withType(schema)
                .withConf(new Configuration(false)).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withDictionaryEncoding(false);
        for (String category : new String[] {"model_version", "arm", "event_type"}) {
            if (schema.containsField(category)) {
                b = b.withDictionaryEncoding(category, true);
            }
        }
        return b.build();
    }

    /** A local file as Parquet's OutputFile, as Flink's writer streams to its part file (no Hadoop file system). */
    private static final class LocalFile implements OutputFile {
        private final Path path;

        LocalFile(Path path) {
            this.path = path;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            FileOutputStream out = new FileOutputStream(path.toFile());
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] bytes, int off, int len) throws IOException {
                    out.write(bytes, off, len);
                    position += len;
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
