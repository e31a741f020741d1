package io.intentstream.job.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes one column chunk at a time as Parquet data pages (format version 1, as parquet-mr's own writer does by
 * default): definition levels from Parquet's own level writer, the values a {@link ColumnBuffer} encoded, compressed
 * with the file's codec. A dictionary-encoded chunk holds its pages until its dictionary is known, since the dictionary
 * page comes first in the file.
 */
final class PageWriter {
    /** Rows per data page at most, Parquet's default page row limit. */
    static final int PAGE_ROWS = ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT;
    /** Bytes of values per data page at most (once a page has a row), Parquet's default page size. */
    static final int PAGE_BYTES = ParquetProperties.DEFAULT_PAGE_SIZE;

    private final ParquetFileWriter file;
    private final BytesInputCompressor compressor;
    private final CompressionCodecName codec;
    private final ParquetProperties properties;
    private final List<HeldPage> held = new ArrayList<>();
    private ByteBuffer scratch = ByteBuffer.allocate(4 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private ColumnDescriptor column;
    private ValuesWriter levels;
    private boolean holdPages;

    PageWriter(ParquetFileWriter file, BytesInputCompressor compressor, CompressionCodecName codec,
            ParquetProperties properties) {
        this.file = file;
        this.compressor = compressor;
        this.codec = codec;
        this.properties = properties;
    }

    ParquetProperties properties() {
        return properties;
    }

    /** Starts a column chunk; with {@code dictionary}, its pages wait for {@link #endColumn(DictionaryPage)}. */
    void startColumn(ColumnDescriptor descriptor, int rows, boolean dictionary) throws IOException {
        column = descriptor;
        holdPages = dictionary;
        levels = descriptor.getMaxDefinitionLevel() > 0 ? properties.newDefinitionLevelWriter(descriptor) : null;
        file.startColumn(descriptor, rows, codec);
    }

    ColumnDescriptor column() {
        return column;
    }

    /** A cleared little-endian buffer of at least {@code bytes}, valid until the next page is written. */
    ByteBuffer scratch(int bytes) {
        if (scratch.capacity() < bytes) {
            scratch = ByteBuffer.allocate(Math.max(bytes, scratch.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        }
        scratch.clear();
        return scratch;
    }

    /** Records whether the page's next row has a value (an optional column only). */
    void defined(boolean present) {
        levels.writeInteger(present ? 1 : 0);
    }

    /** The page's values so far in {@link #scratch}, as bytes. */
    BytesInput scratchBytes() {
        return BytesInput.from(scratch.array(), 0, scratch.position());
    }

    /** Writes (or holds) one data page of {@code rows} rows whose levels were given through {@link #defined}. */
    void page(int rows, BytesInput values, Encoding valuesEncoding, Statistics<?> statistics) throws IOException {
        BytesInput raw = levels == null ? values : BytesInput.concat(levels.getBytes(), values);
        int rawSize = Math.toIntExact(raw.size());
        BytesInput compressed = compressor.compress(raw);
        Encoding levelEncoding = levels == null ? Encoding.BIT_PACKED : levels.getEncoding();
        if (holdPages) {
            held.add(new HeldPage(rows, rawSize, BytesInput.copy(compressed), valuesEncoding, levelEncoding, statistics));
        } else {
            file.writeDataPage(rows, rawSize, compressed, statistics, rows, Encoding.BIT_PACKED, levelEncoding,
                    valuesEncoding);
        }
        if (levels != null) {
            levels.reset();
        }
    }

    /** Ends the chunk: the dictionary (if it has one) and then the pages it held. */
    void endColumn(DictionaryPage dictionary) throws IOException {
        if (dictionary != null) {
            BytesInput raw = dictionary.getBytes();
            int rawSize = Math.toIntExact(raw.size());
            file.writeDictionaryPage(new DictionaryPage(BytesInput.copy(compressor.compress(raw)), rawSize,
                    dictionary.getDictionarySize(), dictionary.getEncoding()));
        }
        for (HeldPage p : held) {
            file.writeDataPage(p.rows, p.rawSize, p.compressed, p.statistics, p.rows, Encoding.BIT_PACKED,
                    p.levelEncoding, p.valuesEncoding);
        }
        held.clear();
        if (levels != null) {
            levels.close();
            levels = null;
        }
        file.endColumn();
    }

    private record HeldPage(int rows, int rawSize, BytesInput compressed, Encoding valuesEncoding,
            Encoding levelEncoding, Statistics<?> statistics) {}
}
