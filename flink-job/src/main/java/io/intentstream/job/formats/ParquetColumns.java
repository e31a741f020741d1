package io.intentstream.job.formats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A flat Parquet table described as a list of typed columns over a record type, written straight
 * from our POJOs (no Avro or row conversion in between). Missing values (null strings, NaN floats,
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
    private final List<Column<T>> columns = new ArrayList<>();

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

    /** A float field; the getter receives the column index so one getter can serve a vector. */
    public interface FloatGetter<T> extends Serializable {
        float get(T record, int index);
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

    private abstract static class Column<T> implements Serializable {
        private static final long serialVersionUID = 1L;
        final String name;
        boolean dictionary;

        Column(String name) {
            this.name = name;
        }

        abstract Type type();

        /** Writes the value, or nothing when it is null. */
        abstract void write(RecordConsumer rc, T record, int position);
    }

    /** A string column of few distinct values (an event type, a model version): dictionary-encoded. */
    public ParquetColumns<T> category(String name, Getter<T, String> getter) {
        string(name, getter);
        columns.get(columns.size() - 1).dictionary = true;
        return this;
    }

    /** A string column of mostly distinct values (ids, free text). */
    public ParquetColumns<T> string(String name, Getter<T, String> getter) {
        columns.add(new Column<>(name) {
            private static final long serialVersionUID = 1L;

            @Override
            Type type() {
                return Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
            }

            @Override
            void write(RecordConsumer rc, T record, int position) {
                String v = getter.apply(record);
                if (v != null) {
                    rc.startField(name, position);
                    rc.addBinary(Binary.fromString(v));
                    rc.endField(name, position);
                }
            }
        });
        return this;
    }

    /** Epoch milliseconds as a UTC timestamp; {@link #NO_TIME} is null. */
    public ParquetColumns<T> timestamp(String name, LongGetter<T> getter) {
        columns.add(new Column<>(name) {
            private static final long serialVersionUID = 1L;

            @Override
            Type type() {
                return Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                        .named(name);
            }

            @Override
            void write(RecordConsumer rc, T record, int position) {
                long v = getter.get(record);
                if (v != NO_TIME) {
                    rc.startField(name, position);
                    rc.addLong(v);
                    rc.endField(name, position);
                }
            }
        });
        return this;
    }

    public ParquetColumns<T> int32(String name, IntGetter<T> getter) {
        columns.add(new Column<>(name) {
            private static final long serialVersionUID = 1L;

            @Override
            Type type() {
                return Types.required(PrimitiveTypeName.INT32).named(name);
            }

            @Override
            void write(RecordConsumer rc, T record, int position) {
                rc.startField(name, position);
                rc.addInteger(getter.get(record));
                rc.endField(name, position);
            }
        });
        return this;
    }

    public ParquetColumns<T> int64(String name, LongGetter<T> getter) {
        columns.add(new Column<>(name) {
            private static final long serialVersionUID = 1L;

            @Override
            Type type() {
                return Types.required(PrimitiveTypeName.INT64).named(name);
            }

            @Override
            void write(RecordConsumer rc, T record, int position) {
                rc.startField(name, position);
                rc.addLong(getter.get(record));
                rc.endField(name, position);
            }
        });
        return this;
    }

    /** A double column; NaN (e.g. an AUC without conversions) is written as null. */
    public ParquetColumns<T> float64(String name, DoubleGetter<T> getter) {
        columns.add(new Column<>(name) {
            private static final long serialVersionUID = 1L;

            @Override
            Type type() {
                return Types.optional(PrimitiveTypeName.DOUBLE).named(name);
            }

            @Override
            void write(RecordConsumer rc, T record, int position) {
                double v = getter.get(record);
                if (!Double.isNaN(v)) {
                    rc.startField(name, position);
                    rc.addDouble(v);
                    rc.endField(name, position);
                }
            }
        });
        return this;
    }

    public ParquetColumns<T> bool(String name, BoolGetter<T> getter) {
        columns.add(new Column<>(name) {
            private static final long serialVersionUID = 1L;

            @Override
            Type type() {
                return Types.required(PrimitiveTypeName.BOOLEAN).named(name);
            }

            @Override
            void write(RecordConsumer rc, T record, int position) {
                rc.startField(name, position);
                rc.addBoolean(getter.get(record));
                rc.endField(name, position);
            }
        });
        return this;
    }

    /** A float column; NaN is written as null. */
    public ParquetColumns<T> float32(String name, int index, FloatGetter<T> getter) {
        columns.add(new Column<>(name) {
            private static final long serialVersionUID = 1L;

            @Override
            Type type() {
                return Types.optional(PrimitiveTypeName.FLOAT).named(name);
            }

            @Override
            void write(RecordConsumer rc, T record, int position) {
                float v = getter.get(record, index);
                if (!Float.isNaN(v)) {
                    rc.startField(name, position);
                    rc.addFloat(v);
                    rc.endField(name, position);
                }
            }
        });
        return this;
    }

    public MessageType schema() {
        List<Type> fields = new ArrayList<>();
        for (Column<T> c : columns) {
            fields.add(c.type());
        }
        return new MessageType(tableName, fields);
    }

    /** The bulk writer factory for Flink's {@code FileSink}, Snappy-compressed, with Parquet's default row groups. */
    public ParquetWriterFactory<T> writerFactory() {
        return writerFactory(ParquetWriter.DEFAULT_BLOCK_SIZE);
    }

    /**
     * As {@link #writerFactory()}, with row groups of about {@code rowGroupBytes}: a writer holds its current row group
     * in memory, so a sink with many files open at once (one per partition) needs small ones.
     */
    public ParquetWriterFactory<T> writerFactory(int rowGroupBytes) {
        ParquetColumns<T> table = this;
        return new ParquetWriterFactory<>(out -> {
            Builder<T> builder = new Builder<>(out, table).withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withDictionaryEncoding(false).withRowGroupSize(rowGroupBytes);
            for (Column<T> c : table.columns) {
                if (c.dictionary) {
                    builder = builder.withDictionaryEncoding(c.name, true);
                }
            }
            return builder.build();
        });
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final ParquetColumns<T> table;

        Builder(OutputFile file, ParquetColumns<T> table) {
            super(file);
            this.table = table;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return new TableWriteSupport<>(table);
        }
    }

    private static final class TableWriteSupport<T> extends WriteSupport<T> {
        private final ParquetColumns<T> table;
        private RecordConsumer consumer;

        TableWriteSupport(ParquetColumns<T> table) {
            this.table = table;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(table.schema(), new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(T record) {
            consumer.startMessage();
            List<Column<T>> cols = table.columns;
            for (int i = 0; i < cols.size(); i++) {
                cols.get(i).write(consumer, record, i);
            }
            consumer.endMessage();
        }
    }
}
