package io.intentstream.job.formats;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a flat table to one Parquet file for Flink's {@code FileSink}: rows are held column by column
 * ({@link ColumnBuffer}) until a row group's worth, then each column is encoded in one pass and written through
 * parquet-mr's file writer, which lays out the pages, statistics, column and offset indexes and footer. The file is
 * what parquet-mr's record writer would write with the same settings (format version 1 pages, Snappy, dictionaries
 * only for category columns, page checksums); the difference is the per-value work, measured in docs/BENCHMARKS.md.
 */
final class ColumnarParquetWriter<T> implements BulkWriter<T> {
    /** How often (in rows) the held bytes are summed against the row group size. */
    private static final int SIZE_CHECK_ROWS = 1024;
    private static final CompressionCodecName CODEC = CompressionCodecName.SNAPPY;
    private static final int COMPRESSOR_BUFFER_BYTES = 16 * 1024;

    private final MessageType schema;
    private final List<ColumnBuffer<T>> columns;
    private final Consumer<List<ColumnBuffer<T>>> whenFinished;
    private final long rowGroupBytes;
    private final ParquetFileWriter file;
    private final CodecFactory codecs;
    private final PageWriter pages;
    private int rows;

    /** @param whenFinished receives the (emptied) buffers once the file is finished, for another writer */
    ColumnarParquetWriter(FSDataOutputStream out, MessageType schema, List<ColumnBuffer<T>> columns,
            long rowGroupBytes, Consumer<List<ColumnBuffer<T>>> whenFinished) throws IOException {
        this.schema = schema;
        this.columns = columns;
        this.whenFinished = whenFinished;
        this.rowGroupBytes = rowGroupBytes;
        ParquetProperties properties = ParquetProperties.builder().withDictionaryEncoding(true).build();
        this.file = new ParquetFileWriter(new SinkOutputFile(out), schema, ParquetFileWriter.Mode.CREATE, rowGroupBytes,
                ParquetWriter.MAX_PADDING_SIZE_DEFAULT, properties.getColumnIndexTruncateLength(),
                properties.getStatisticsTruncateLength(), properties.getPageWriteChecksumEnabled());
        // The size is only the compressor's first output buffer, which grows to the largest page; parquet-mr's
        // default (a page, 1 MB) would be held by every open file.
        this.codecs = new CodecFactory(new Configuration(false), COMPRESSOR_BUFFER_BYTES);
        this.pages = new PageWriter(file, codecs.getCompressor(CODEC), CODEC, properties);
        file.start();
    }

    @Override
    public void addElement(T record) throws IOException {
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).add(record);
        }
        rows++;
        if (rows % SIZE_CHECK_ROWS == 0 && heldBytes() >= rowGroupBytes) {
            writeRowGroup();
        }
    }

    private long heldBytes() {
        long bytes = 0;
        for (ColumnBuffer<T> c : columns) {
            bytes += c.heldBytes();
        }
        return bytes;
    }

    /** Nothing to do: a Parquet file is written a row group at a time, and a part file ends with {@link #finish}. */
    @Override
    public void flush() {}

    @Override
    public void finish() throws IOException {
        if (rows > 0) {
            writeRowGroup();
        }
        file.end(Map.of());
        codecs.release();
        whenFinished.accept(columns);
    }

    private void writeRowGroup() throws IOException {
        file.startBlock(rows);
        List<ColumnDescriptor> descriptors = schema.getColumns();
        int next = 0;
        for (ColumnBuffer<T> column : columns) {
            for (int part = 0; part < column.width(); part++) {
                pages.startColumn(descriptors.get(next++), rows, column.dictionary());
                pages.endColumn(column.writeChunk(pages, part));
            }
            column.clear();
        }
        file.endBlock();
        rows = 0;
    }

    /**
     * Makes a writer for each part file. A sink subtask finishes its files at every checkpoint, and a new writer's
     * arrays would grow again from nothing for every file (fresh memory, zeroed, then copied at each doubling: about a
     * tenth of the writer's time in {@code bench archive}), so the buffers of finished writers are kept for the next.
     */
    static final class Factory<T> implements BulkWriter.Factory<T> {
        private static final long serialVersionUID = 1L;
        /** Buffer sets kept at most: as many files as a subtask usually has open at once (an event hour or two). */
        private static final int KEPT = 2;

        private final ParquetColumns<T> table;
        private final int rowGroupBytes;
        private transient MessageType schema;
        private transient Deque<List<ColumnBuffer<T>>> idle;

        Factory(ParquetColumns<T> table, int rowGroupBytes) {
            this.table = table;
            this.rowGroupBytes = rowGroupBytes;
        }

        @Override
        public synchronized BulkWriter<T> create(FSDataOutputStream out) throws IOException {
            if (schema == null) {
                schema = table.schema();
                idle = new ArrayDeque<>();
            }
            List<ColumnBuffer<T>> buffers = idle.isEmpty() ? table.newBuffers() : idle.pop();
            return new ColumnarParquetWriter<>(out, schema, buffers, rowGroupBytes, this::keep);
        }

        private synchronized void keep(List<ColumnBuffer<T>> buffers) {
            if (idle.size() < KEPT) {
                idle.push(buffers);
            }
        }
    }

    /**
     * The part file as parquet-mr's output, buffered: parquet-mr writes page headers and the footer a byte at a time, and
     * the sink's stream to a local file is not buffered. The position is counted here rather than asked of the stream:
     * parquet-mr asks for it at every page and index entry, and a local part file answers with a seek, a system call
     * (docs/BENCHMARKS.md). Closing it flushes and leaves the stream to the sink, which commits it.
     */
    static final class SinkOutputFile implements OutputFile {
        private static final int BUFFER_BYTES = 8 * 1024;
        private final FSDataOutputStream out;

        SinkOutputFile(FSDataOutputStream out) {
            this.out = out;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            long start = out.getPos();
            return new PositionOutputStream() {
                private final byte[] buffer = new byte[BUFFER_BYTES];
                private int buffered;
                private long position = start;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    if (buffered == buffer.length) {
                        drain();
                    }
                    buffer[buffered++] = (byte) b;
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    position += len;
                    if (len > buffer.length - buffered) {
                        drain();
                        if (len >= buffer.length) {
                            out.write(b, off, len);
                            return;
                        }
                    }
                    System.arraycopy(b, off, buffer, buffered, len);
                    buffered += len;
                }

                private void drain() throws IOException {
                    out.write(buffer, 0, buffered);
                    buffered = 0;
                }

                @Override
                public void flush() throws IOException {
                    drain();
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    flush();
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
