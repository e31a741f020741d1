package io.intentstream.job.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.io.api.Binary;

/**
 * One column's values of the row group being written, held as a primitive array and encoded a page at a time when the
 * row group is written. Numbers and plain strings are written in Parquet's PLAIN encoding (little-endian values;
 * strings as a length and their UTF-8 bytes) in one pass over the array, with their statistics taken in the same
 * pass: a row at a time, through parquet-mr's record consumer and column writers, the same values cost about 3 µs per
 * score row (docs/BENCHMARKS.md). Booleans and dictionary columns, a few per table, use Parquet's own value writers.
 *
 * @param <T> the table's record type
 */
abstract class ColumnBuffer<T> {
    /**
     * Rows a new buffer makes room for: small, since a sink can have a file open for every event hour of its input at
     * once (a replay of ten days: 240 per table and subtask).
     */
    private static final int INITIAL_ROWS = 64;

    /** Rows held. */
    int size;

    /** Takes the record's value of this column. */
    abstract void add(T record);

    /** About the bytes the held values take once encoded, for row group sizing. */
    abstract long heldBytes();

    /** The number of adjacent columns this buffer holds (a vector's width; 1 for most). */
    int width() {
        return 1;
    }

    /**
     * Writes the held values of column {@code part} (of {@link #width}) as the current column chunk's pages.
     *
     * @return the dictionary the pages refer to, or null when they hold their values
     */
    abstract DictionaryPage writeChunk(PageWriter out, int part) throws IOException;

    /** Whether the chunk is dictionary-encoded (its pages are then held until the dictionary is known). */
    boolean dictionary() {
        return false;
    }

    /** Forgets the held values, keeping the arrays for the next row group. */
    void clear() {
        size = 0;
    }

    static int grown(int length) {
        return Math.max(INITIAL_ROWS, length * 2);
    }

    private static Statistics<?> statistics(PageWriter out) {
        return Statistics.createStats(out.column().getPrimitiveType());
    }

    /** A FLOAT column, optional: NaN is null. */
    static final class Floats<T> extends ColumnBuffer<T> {
        private final ParquetColumns.FloatGetter<T> getter;
        private float[] values = new float[0];

        Floats(ParquetColumns.FloatGetter<T> getter) {
            this.getter = getter;
        }

        @Override
        void add(T record) {
            if (size == values.length) {
                values = Arrays.copyOf(values, grown(size));
            }
            values[size++] = getter.get(record);
        }

        @Override
        long heldBytes() {
            return 4L * size;
        }

        @Override
        DictionaryPage writeChunk(PageWriter out, int part) throws IOException {
            writeFloats(out, values, size, 0, 1);
            return null;
        }
    }

    /**
     * Adjacent FLOAT columns from one array per record (a feature vector), held row by row so a record's values are
     * copied in one piece: one call per row instead of one per column. Optional: NaN is null, and a null array is a
     * row of nulls.
     */
    static final class FloatVector<T> extends ColumnBuffer<T> {
        private final ParquetColumns.Getter<T, float[]> getter;
        private final int width;
        private float[] values = new float[0];

        FloatVector(ParquetColumns.Getter<T, float[]> getter, int width) {
            this.getter = getter;
            this.width = width;
        }

        @Override
        int width() {
            return width;
        }

        @Override
        void add(T record) {
            if ((size + 1) * width > values.length) {
                values = Arrays.copyOf(values, grown(size) * width);
            }
            float[] vector = getter.apply(record);
            if (vector == null) {
                Arrays.fill(values, size * width, (size + 1) * width, Float.NaN);
            } else if (vector.length != width) {
                throw new IllegalArgumentException("a vector of " + vector.length + " values for " + width + " columns");
            } else {
                System.arraycopy(vector, 0, values, size * width, width);
            }
            size++;
        }

        @Override
        long heldBytes() {
            return 4L * size * width;
        }

        @Override
        DictionaryPage writeChunk(PageWriter out, int part) throws IOException {
            writeFloats(out, values, size, part, width);
            return null;
        }
    }

    /** Writes {@code values[offset + i * stride]} for rows {@code i < rows} as PLAIN pages with their statistics. */
    private static void writeFloats(PageWriter out, float[] values, int rows, int offset, int stride) throws IOException {
        for (int from = 0; from < rows; from += PageWriter.PAGE_ROWS) {
            int to = Math.min(rows, from + PageWriter.PAGE_ROWS);
            ByteBuffer bytes = out.scratch(4 * (to - from));
            boolean any = false;
            float min = 0;
            float max = 0;
            int nulls = 0;
            for (int i = from; i < to; i++) {
                float v = values[offset + i * stride];
                out.defined(!Float.isNaN(v));
                if (Float.isNaN(v)) {
                    nulls++;
                } else {
                    bytes.putFloat(v);
                    if (!any) {
                        any = true;
                        min = v;
                        max = v;
                    } else if (v < min) {
                        min = v;
                    } else if (v > max) {
                        max = v;
                    }
                }
            }
            Statistics<?> stats = statistics(out);
            if (any) {
                stats.updateStats(min);
                stats.updateStats(max);
            }
            stats.incrementNumNulls(nulls);
            out.page(to - from, out.scratchBytes(), Encoding.PLAIN, stats);
        }
    }

    /**
     * A column of one fixed-width number per row, written a value at a time with parquet-mr's statistics: the few
     * such columns of a table (times, counts, window metrics), where a loop of their own would not pay. Each value is
     * held as the 64 bits of a long (a double's raw bits, an int widened), so one array serves every width.
     */
    abstract static class Numbers<T> extends ColumnBuffer<T> {
        private final int valueBytes;
        private long[] values = new long[0];

        Numbers(int valueBytes) {
            this.valueBytes = valueBytes;
        }

        /** The record's value as the bits {@link #encode} takes. */
        abstract long bits(T record);

        /** Puts one value, given as its {@link #bits}, into the page, or records its null. */
        abstract void encode(long bits, ByteBuffer bytes, Statistics<?> stats, PageWriter out);

        @Override
        final void add(T record) {
            if (size == values.length) {
                values = Arrays.copyOf(values, grown(size));
            }
            values[size++] = bits(record);
        }

        @Override
        final long heldBytes() {
            return (long) valueBytes * size;
        }

        @Override
        final DictionaryPage writeChunk(PageWriter out, int part) throws IOException {
            for (int from = 0; from < size; from += PageWriter.PAGE_ROWS) {
                int to = Math.min(size, from + PageWriter.PAGE_ROWS);
                ByteBuffer bytes = out.scratch(valueBytes * (to - from));
                Statistics<?> stats = statistics(out);
                for (int i = from; i < to; i++) {
                    encode(values[i], bytes, stats, out);
                }
                out.page(to - from, out.scratchBytes(), Encoding.PLAIN, stats);
            }
            return null;
        }
    }

    /** A DOUBLE column, optional: NaN is null. */
    static final class Doubles<T> extends Numbers<T> {
        private final ParquetColumns.DoubleGetter<T> getter;

        Doubles(ParquetColumns.DoubleGetter<T> getter) {
            super(8);
            this.getter = getter;
        }

        @Override
        long bits(T record) {
            return Double.doubleToRawLongBits(getter.get(record));
        }

        @Override
        void encode(long bits, ByteBuffer bytes, Statistics<?> stats, PageWriter out) {
            double v = Double.longBitsToDouble(bits);
            out.defined(!Double.isNaN(v));
            if (Double.isNaN(v)) {
                stats.incrementNumNulls();
            } else {
                bytes.putDouble(v);
                stats.updateStats(v);
            }
        }
    }

    /**
     * An INT64 column (a count, or a timestamp in milliseconds); when {@code nullable}, optional with
     * {@link ParquetColumns#NO_TIME} as null.
     */
    static final class Longs<T> extends Numbers<T> {
        private final ParquetColumns.LongGetter<T> getter;
        private final boolean nullable;

        Longs(ParquetColumns.LongGetter<T> getter, boolean nullable) {
            super(8);
            this.getter = getter;
            this.nullable = nullable;
        }

        @Override
        long bits(T record) {
            return getter.get(record);
        }

        @Override
        void encode(long v, ByteBuffer bytes, Statistics<?> stats, PageWriter out) {
            boolean isNull = nullable && v == ParquetColumns.NO_TIME;
            if (nullable) {
                out.defined(!isNull);
            }
            if (isNull) {
                stats.incrementNumNulls();
            } else {
                bytes.putLong(v);
                stats.updateStats(v);
            }
        }
    }

    /** An INT32 column, required. */
    static final class Ints<T> extends Numbers<T> {
        private final ParquetColumns.IntGetter<T> getter;

        Ints(ParquetColumns.IntGetter<T> getter) {
            super(4);
            this.getter = getter;
        }

        @Override
        long bits(T record) {
            return getter.get(record);
        }

        @Override
        void encode(long bits, ByteBuffer bytes, Statistics<?> stats, PageWriter out) {
            int v = (int) bits;
            bytes.putInt(v);
            stats.updateStats(v);
        }
    }

    /** A BOOLEAN column, required, written by Parquet's own (bit-packing) plain writer. */
    static final class Booleans<T> extends ColumnBuffer<T> {
        private final ParquetColumns.BoolGetter<T> getter;
        private boolean[] values = new boolean[0];

        Booleans(ParquetColumns.BoolGetter<T> getter) {
            this.getter = getter;
        }

        @Override
        void add(T record) {
            if (size == values.length) {
                values = Arrays.copyOf(values, grown(size));
            }
            values[size++] = getter.get(record);
        }

        @Override
        long heldBytes() {
            return size / 8 + 1;
        }

        @Override
        DictionaryPage writeChunk(PageWriter out, int part) throws IOException {
            ValuesWriter writer = out.properties().newValuesWriter(out.column());
            for (int from = 0; from < size; from += PageWriter.PAGE_ROWS) {
                int to = Math.min(size, from + PageWriter.PAGE_ROWS);
                Statistics<?> stats = statistics(out);
                for (int i = from; i < to; i++) {
                    writer.writeBoolean(values[i]);
                    stats.updateStats(values[i]);
                }
                out.page(to - from, writer.getBytes(), writer.getEncoding(), stats);
                writer.reset();
            }
            writer.close();
            return null;
        }
    }

    /** A string column of mostly distinct values (ids, free text), optional: null is null. */
    static final class Strings<T> extends ColumnBuffer<T> {
        private static final int NULL = -1;
        private final ParquetColumns.Getter<T, String> getter;
        private byte[] utf8 = new byte[0];
        private int utf8Size;
        /** Each value's length in {@link #utf8}, or {@link #NULL}. */
        private int[] lengths = new int[0];

        Strings(ParquetColumns.Getter<T, String> getter) {
            this.getter = getter;
        }

        @Override
        void add(T record) {
            if (size == lengths.length) {
                lengths = Arrays.copyOf(lengths, grown(size));
            }
            String v = getter.apply(record);
            if (v == null) {
                lengths[size++] = NULL;
                return;
            }
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            if (utf8Size + bytes.length > utf8.length) {
                utf8 = Arrays.copyOf(utf8, Math.max(utf8Size + bytes.length, grown(utf8.length)));
            }
            System.arraycopy(bytes, 0, utf8, utf8Size, bytes.length);
            utf8Size += bytes.length;
            lengths[size++] = bytes.length;
        }

        @Override
        long heldBytes() {
            return utf8Size + 4L * size;
        }

        @Override
        void clear() {
            super.clear();
            utf8Size = 0;
        }

        @Override
        DictionaryPage writeChunk(PageWriter out, int part) throws IOException {
            int offset = 0;
            int from = 0;
            while (from < size) {
                int to = from;
                int pageBytes = 0;
                while (to < size && to - from < PageWriter.PAGE_ROWS && pageBytes < PageWriter.PAGE_BYTES) {
                    pageBytes += 4 + Math.max(0, lengths[to]);
                    to++;
                }
                ByteBuffer bytes = out.scratch(pageBytes);
                Statistics<?> stats = statistics(out);
                for (int i = from; i < to; i++) {
                    int length = lengths[i];
                    out.defined(length != NULL);
                    if (length == NULL) {
                        stats.incrementNumNulls();
                    } else {
                        bytes.putInt(length);
                        bytes.put(utf8, offset, length);
                        // "Reused": the statistics copy what they keep, as the buffer is overwritten by the next row
                        // group before the footer is written.
                        stats.updateStats(Binary.fromReusedByteArray(utf8, offset, length));
                        offset += length;
                    }
                }
                out.page(to - from, out.scratchBytes(), Encoding.PLAIN, stats);
                from = to;
            }
            return null;
        }
    }

    /**
     * A string column of few distinct values (an event type, a model version), optional, dictionary-encoded by
     * Parquet's own writer (which falls back to plain strings should the dictionary grow too large).
     */
    static final class Categories<T> extends ColumnBuffer<T> {
        private final ParquetColumns.Getter<T, String> getter;
        private String[] values = new String[0];
        private final Map<String, Binary> binaries = new HashMap<>();

        Categories(ParquetColumns.Getter<T, String> getter) {
            this.getter = getter;
        }

        @Override
        void add(T record) {
            if (size == values.length) {
                values = Arrays.copyOf(values, grown(size));
            }
            values[size++] = getter.apply(record);
        }

        @Override
        long heldBytes() {
            return size;
        }

        @Override
        boolean dictionary() {
            return true;
        }

        @Override
        void clear() {
            Arrays.fill(values, 0, size, null);
            super.clear();
        }

        @Override
        DictionaryPage writeChunk(PageWriter out, int part) throws IOException {
            ValuesWriter writer = out.properties().newValuesWriter(out.column());
            for (int from = 0; from < size; from += PageWriter.PAGE_ROWS) {
                int to = Math.min(size, from + PageWriter.PAGE_ROWS);
                Statistics<?> stats = statistics(out);
                for (int i = from; i < to; i++) {
                    String v = values[i];
                    out.defined(v != null);
                    if (v == null) {
                        stats.incrementNumNulls();
                    } else {
                        Binary b = binaries.computeIfAbsent(v, Binary::fromString);
                        writer.writeBytes(b);
                        stats.updateStats(b);
                    }
                }
                out.page(to - from, writer.getBytes(), writer.getEncoding(), stats);
                writer.reset();
            }
            DictionaryPage dictionary = writer.toDictPageAndClose();
            DictionaryPage kept = dictionary == null ? null : dictionary.copy();
            writer.close();
            if (binaries.size() > 1_000) {
                binaries.clear();
            }
            return kept;
        }
    }
}
