package io.intentstream.job.formats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A flat Parquet table described as a list of typed columns over a record type, written straight from our POJOs by
 * {@link ColumnarParquetWriter} (no Avro or row conversion in between). Missing values (null strings, NaN floats,
 * absent times) are written as Parquet nulls.
 *
 * <p>Only {@link #category} columns are dictionary-encoded. Parquet tries a dictionary on every column by
 * default, and on ids, times and features, which are mostly distinct, that cost half the archive writer's CPU
 * in hashing values it then throws away (profiled in docs/BENCHMARKS.md).
 */
public final class ParquetColumns<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Marks an absent timestamp. */
    public static final long NO_TIME = Long.MIN_VALUE;

    private final String tableName;
    private final List<Columns<T>> columns = new ArrayList<>();

    private ParquetColumns(String tableName) {
        this.tableName = tableName;
    }

    public static <T> ParquetColumns<T> table(String name) {
        return new ParquetColumns<>(name);
    }

    /** The table's name, also its directory under the archive root. */
    public String name() {
        return tableName;
    }

    /** A record field, serializable so the table definition ships to task managers. */
    public interface Getter<T, V> extends Function<T, V>, Serializable {}

    public interface FloatGetter<T> extends Serializable {
        float get(T record);
    }

    public interface LongGetter<T> extends Serializable {
        long get(T record);
    }

    public interface DoubleGetter<T> extends Serializable {
        double get(T record);
    }

    public interface IntGetter<T> extends Serializable {
        int get(T record);
    }

    public interface BoolGetter<T> extends Serializable {
        boolean get(T record);
    }

    /** Parquet's types are not serializable, so a table ships how to make them. */
    private interface TypeFactory extends Serializable {
        List<Type> types();
    }

    private interface BufferFactory<T> extends Serializable {
        ColumnBuffer<T> newBuffer();
    }

    /** One or more adjacent columns, filled by one buffer in each writer. */
    private record Columns<T>(TypeFactory types, BufferFactory<T> buffers) implements Serializable {}

    private ParquetColumns<T> add(TypeFactory types, BufferFactory<T> buffers) {
        columns.add(new Columns<>(types, buffers));
        return this;
    }

    /** A string column of few distinct values (an event type, a model version): dictionary-encoded. */
    public ParquetColumns<T> category(String name, Getter<T, String> getter) {
        return add(() -> List.of(stringType(name)), () -> new ColumnBuffer.Categories<>(getter));
    }

    private static Type stringType(String name) {
        return Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
    }

    /** A string column of mostly distinct values (ids, free text). */
    public ParquetColumns<T> string(String name, Getter<T, String> getter) {
        return add(() -> List.of(stringType(name)), () -> new ColumnBuffer.Strings<>(getter));
    }

    /** Epoch milliseconds as a UTC timestamp; {@link #NO_TIME} is null. */
    public ParquetColumns<T> timestamp(String name, LongGetter<T> getter) {
        return add(() -> List.of(Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name)),
                () -> new ColumnBuffer.Longs<>(getter, true));
    }

    public ParquetColumns<T> int32(String name, IntGetter<T> getter) {
        return add(() -> List.of(Types.required(PrimitiveTypeName.INT32).named(name)), () -> new ColumnBuffer.Ints<>(getter));
    }

    public ParquetColumns<T> int64(String name, LongGetter<T> getter) {
        return add(() -> List.of(Types.required(PrimitiveTypeName.INT64).named(name)),
                () -> new ColumnBuffer.Longs<>(getter, false));
    }

    /** A double column; NaN (e.g. an AUC without conversions) is written as null. */
    public ParquetColumns<T> float64(String name, DoubleGetter<T> getter) {
        return add(() -> List.of(Types.optional(PrimitiveTypeName.DOUBLE).named(name)),
                () -> new ColumnBuffer.Doubles<>(getter));
    }

    public ParquetColumns<T> bool(String name, BoolGetter<T> getter) {
        return add(() -> List.of(Types.required(PrimitiveTypeName.BOOLEAN).named(name)),
                () -> new ColumnBuffer.Booleans<>(getter));
    }

    /** A float column; NaN is written as null. */
    public ParquetColumns<T> float32(String name, FloatGetter<T> getter) {
        return add(() -> List.of(floatType(name)), () -> new ColumnBuffer.Floats<>(getter));
    }

    private static Type floatType(String name) {
        return Types.optional(PrimitiveTypeName.FLOAT).named(name);
    }

    /**
     * Float columns, one per name, from one array per record (a feature vector), copied in one piece per row; NaN, and
     * every column of a record whose array is null, are written as null.
     */
    public ParquetColumns<T> float32Vector(List<String> names, Getter<T, float[]> getter) {
        List<String> copy = List.copyOf(names);
        return add(() -> copy.stream().map(ParquetColumns::floatType).toList(),
                () -> new ColumnBuffer.FloatVector<>(getter, copy.size()));
    }

    public MessageType schema() {
        List<Type> fields = new ArrayList<>();
        for (Columns<T> c : columns) {
            fields.addAll(c.types().types());
        }
        return new MessageType(tableName, fields);
    }

    /** The bulk writer factory for Flink's {@code FileSink}, Snappy-compressed, with Parquet's default row groups. */
    public BulkWriter.Factory<T> writerFactory() {
        return writerFactory(ParquetWriter.DEFAULT_BLOCK_SIZE);
    }

    /**
     * As {@link #writerFactory()}, with row groups of about {@code rowGroupBytes} of encoded values: a writer holds its
     * current row group in memory (up to about twice that, in arrays that grow by doubling), so a sink with many files
     * open at once (one per partition) needs small ones.
     */
    public BulkWriter.Factory<T> writerFactory(int rowGroupBytes) {
        return new ColumnarParquetWriter.Factory<>(this, rowGroupBytes);
    }

    /** A buffer for each group of columns, for one writer. */
    List<ColumnBuffer<T>> newBuffers() {
        List<ColumnBuffer<T>> buffers = new ArrayList<>(columns.size());
        for (Columns<T> c : columns) {
            buffers.add(c.buffers().newBuffer());
        }
        return buffers;
    }
}
