package io.intentstream.job.connectors.file;

import io.intentstream.job.records.RawRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads text files line by line into {@link RawRecord}s whose origin is {@code <file>:<line>}, so a
 * rejected line can be found again. Compressed files ({@code .gz} and others Flink knows) are inflated.
 *
 * <p>Flink's line format does not know which file a stream belongs to; this wraps the stream adapter
 * and stamps each record with its split's path. Restores re-read the file and skip, as Flink's own
 * line format does, so line numbers stay right after a failure.
 */
public final class NumberedLineFormat implements BulkFormat<RawRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;

    private final StreamFormatAdapter<RawRecord> lines = new StreamFormatAdapter<>(new Lines());

    @Override
    public Reader<RawRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new PathStampingReader(lines.createReader(config, split), split.path().toString());
    }

    @Override
    public Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return new PathStampingReader(lines.restoreReader(config, split), split.path().toString());
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    /** Emits each line with its 1-based line number as origin. */
    private static final class Lines extends SimpleStreamFormat<RawRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public StreamFormat.Reader<RawRecord> createReader(Configuration config, FSDataInputStream stream) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
            return new StreamFormat.Reader<>() {
                private long lineNumber;

                @Override
                public RawRecord read() throws IOException {
                    String line = reader.readLine();
                    if (line == null) {
                        return null;
                    }
                    lineNumber++;
                    return RawRecord.ofText(line, Long.toString(lineNumber));
                }

                @Override
                public void close() throws IOException {
                    reader.close();
                }
            };
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }

    private static final class PathStampingReader implements Reader<RawRecord> {
        private final Reader<RawRecord> delegate;
        private final String path;

        PathStampingReader(Reader<RawRecord> delegate, String path) {
            this.delegate = delegate;
            this.path = path;
        }

        @Override
        public RecordIterator<RawRecord> readBatch() throws IOException {
            RecordIterator<RawRecord> batch = delegate.readBatch();
            if (batch == null) {
                return null;
            }
            MutableRecordAndPosition<RawRecord> out = new MutableRecordAndPosition<>();
            return new RecordIterator<>() {
                @Override
                public RecordAndPosition<RawRecord> next() {
                    RecordAndPosition<RawRecord> next = batch.next();
                    if (next == null) {
                        return null;
                    }
                    RawRecord record = next.getRecord();
                    record.origin = path + ":" + record.origin;
                    out.set(record, next.getOffset(), next.getRecordSkipCount());
                    return out;
                }

                @Override
                public void releaseBatch() {
                    batch.releaseBatch();
                }
            };
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
