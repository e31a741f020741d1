package io.intentstream.job.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.local.LocalDataOutputStream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columnar writer's files, read back by parquet-mr (with page checksums verified) and by DuckDB: every value of
 * every column kind as written, nulls where the table says, and in each row group the statistics parquet-mr's own
 * writer keeps (computed here by feeding the same values to parquet-mr's statistics, one at a time).
 */
class ColumnarParquetWriterTest {
    private static final int WIDTH = 3;
    private static final String[] KINDS = {"view", "cart", "purchase"};

    @TempDir
    Path tmp;

    /** A record with a field of every column kind the tables use. */
    static final class Row {
        String id;
        String kind;
        long time;
        int count;
        long total;
        double ratio;
        boolean flag;
        float score;
        float[] vector;
    }

    private static final ParquetColumns<Row> TABLE = ParquetColumns.<Row>table("rows")
            .string("id", r -> r.id)
            .category("kind", r -> r.kind)
            .timestamp("time", r -> r.time)
            .int32("count", r -> r.count)
            .int64("total", r -> r.total)
            .float64("ratio", r -> r.ratio)
            .bool("flag", r -> r.flag)
            .float32("score", r -> r.score)
            .float32Vector(List.of("v0", "v1", "v2"), r -> r.vector);

    /** Rows with nulls in every optional column, non-ASCII ids, negative values and whole null vectors. */
    private static List<Row> rows(int n, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Row r = new Row();
            r.id = random.nextInt(50) == 0 ? null : (random.nextInt(10) == 0 ? "Größe-" : "id-") + random.nextLong();
            r.kind = random.nextInt(20) == 0 ? null : KINDS[random.nextInt(KINDS.length)];
            r.time = random.nextInt(30) == 0 ? ParquetColumns.NO_TIME : 1_569_888_000_000L + random.nextInt(1 << 30);
            r.count = random.nextInt() >> 8;
            r.total = random.nextLong();
            r.ratio = random.nextInt(25) == 0 ? Double.NaN : random.nextGaussian();
            r.flag = random.nextBoolean();
            r.score = random.nextInt(40) == 0 ? Float.NaN : random.nextFloat() * 2 - 1;
            if (random.nextInt(100) != 0) {
                r.vector = new float[WIDTH];
                for (int v = 0; v < WIDTH; v++) {
                    r.vector[v] = random.nextInt(15) == 0 ? Float.NaN : (float) random.nextGaussian() * 100;
                }
            }
            rows.add(r);
        }
        return rows;
    }

    private File write(BulkWriter.Factory<Row> factory, List<Row> rows, String name) throws IOException {
        File file = tmp.resolve(name).toFile();
        try (LocalDataOutputStream out = new LocalDataOutputStream(file)) {
            BulkWriter<Row> writer = factory.create(out);
            for (Row r : rows) {
                writer.addElement(r);
            }
            writer.finish();
        }
        return file;
    }

    @Test
    void aRowGroupOfSeveralPagesReadsBackWithParquetMrsStatistics() throws Exception {
        List<Row> rows = rows(45_000, 1);
        File file = write(TABLE.writerFactory(), rows, "one-group.parquet");

        List<Integer> groups = assertReadsBackByParquetMr(file, rows);
        assertThat(groups).as("rows per row group").containsExactly(45_000);
        try (ParquetFileReader reader = open(file)) {
            for (ColumnChunkMetaData chunk : reader.getRowGroups().get(0).getColumns()) {
                assertThat(reader.readOffsetIndex(chunk).getPageCount()).as("pages of %s", chunk.getPath()).isEqualTo(3);
                assertThat(reader.readColumnIndex(chunk)).as("column index of %s", chunk.getPath()).isNotNull();
            }
        }
        assertReadsBackByDuckDb(file, rows);
    }

    @Test
    void theOutputCountsItsPositionAsTheFileGrows() throws IOException {
        File file = tmp.resolve("counted.bin").toFile();
        try (LocalDataOutputStream out = new LocalDataOutputStream(file)) {
            out.write(new byte[] {1, 2, 3});
            PositionOutputStream counted = new ColumnarParquetWriter.SinkOutputFile(out).create(0);
            assertThat(counted.getPos()).isEqualTo(3);
            counted.write(7);
            counted.write(new byte[100], 0, 100);
            counted.write(new byte[20_000], 0, 20_000);
            counted.write(8);
            assertThat(counted.getPos()).isEqualTo(3 + 1 + 100 + 20_000 + 1);
            counted.flush();
            assertThat(counted.getPos()).as("the file's own position once flushed").isEqualTo(out.getPos());
        }
    }

    @Test
    void smallRowGroupsSplitTheRowsAndEachKeepsItsOwnStatistics() throws Exception {
        List<Row> rows = rows(30_000, 2);
        File file = write(TABLE.writerFactory(256 * 1024), rows, "small-groups.parquet");

        List<Integer> groups = assertReadsBackByParquetMr(file, rows);
        assertThat(groups).hasSizeGreaterThan(3);
        assertReadsBackByDuckDb(file, rows);
    }

    @Test
    void writersOfOneFactoryKeepTheirRowsApartWhetherOpenTogetherOrOneAfterAnother() throws Exception {
        BulkWriter.Factory<Row> factory = TABLE.writerFactory();
        List<Row> first = rows(25_000, 3);
        List<Row> second = rows(700, 4);
        List<Row> third = rows(1_500, 5);
        File firstFile = write(factory, first, "first.parquet");
        // The second writer reuses the first one's buffers; a third is open at the same time.
        File secondFile = tmp.resolve("second.parquet").toFile();
        File thirdFile = tmp.resolve("third.parquet").toFile();
        try (LocalDataOutputStream secondOut = new LocalDataOutputStream(secondFile);
                LocalDataOutputStream thirdOut = new LocalDataOutputStream(thirdFile)) {
            BulkWriter<Row> secondWriter = factory.create(secondOut);
            BulkWriter<Row> thirdWriter = factory.create(thirdOut);
            for (int i = 0; i < third.size(); i++) {
                if (i < second.size()) {
                    secondWriter.addElement(second.get(i));
                }
                thirdWriter.addElement(third.get(i));
            }
            secondWriter.finish();
            thirdWriter.finish();
        }

        assertReadsBackByParquetMr(firstFile, first);
        assertReadsBackByParquetMr(secondFile, second);
        assertReadsBackByParquetMr(thirdFile, third);
    }

    /** Reads every row with parquet-mr, checking values, page checksums and each row group's statistics. */
    private static List<Integer> assertReadsBackByParquetMr(File file, List<Row> rows) throws IOException {
        List<Integer> groupSizes = new ArrayList<>();
        try (ParquetFileReader reader = open(file)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            assertThat(schema).isEqualTo(TABLE.schema());
            List<BlockMetaData> blocks = reader.getRowGroups();
            int next = 0;
            for (BlockMetaData block : blocks) {
                int size = Math.toIntExact(block.getRowCount());
                List<Row> group = rows.subList(next, next + size);
                for (ColumnChunkMetaData chunk : block.getColumns()) {
                    ColumnDescriptor column = schema.getColumnDescription(chunk.getPath().toArray());
                    assertThat(chunk.getStatistics()).as("statistics of %s in row group %d", chunk.getPath(), groupSizes.size())
                            .isEqualTo(expectedStatistics(column, group));
                    assertThat(chunk.getValueCount()).isEqualTo(size);
                }
                PageReadStore pages = reader.readNextRowGroup();
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (int i = 0; i < size; i++) {
                    Group g = records.read();
                    for (int c = 0; c < schema.getFieldCount(); c++) {
                        Object actual = g.getFieldRepetitionCount(c) == 0 ? null : value(g, c);
                        assertThat(actual).as("row %d, %s", next + i, schema.getFieldName(c))
                                .isEqualTo(expected(group.get(i), c));
                    }
                }
                groupSizes.add(size);
                next += size;
            }
            assertThat(next).isEqualTo(rows.size());
        }
        return groupSizes;
    }

    private static Object value(Group g, int c) {
        return switch (c) {
            case 0, 1 -> g.getString(c, 0);
            case 2, 4 -> g.getLong(c, 0);
            case 3 -> g.getInteger(c, 0);
            case 5 -> g.getDouble(c, 0);
            case 6 -> g.getBoolean(c, 0);
            default -> g.getFloat(c, 0);
        };
    }

    /** The value of field {@code c} as the table writes it, null for what it writes as null. */
    private static Object expected(Row r, int c) {
        return switch (c) {
            case 0 -> r.id;
            case 1 -> r.kind;
            case 2 -> r.time == ParquetColumns.NO_TIME ? null : r.time;
            case 3 -> r.count;
            case 4 -> r.total;
            case 5 -> Double.isNaN(r.ratio) ? null : r.ratio;
            case 6 -> r.flag;
            case 7 -> Float.isNaN(r.score) ? null : r.score;
            default -> r.vector == null || Float.isNaN(r.vector[c - 8]) ? null : r.vector[c - 8];
        };
    }

    /** What parquet-mr's column writer would have collected for these rows: each value (or null) in turn. */
    private static Statistics<?> expectedStatistics(ColumnDescriptor column, List<Row> group) {
        Statistics<?> stats = Statistics.createStats(column.getPrimitiveType());
        int c = TABLE.schema().getFieldIndex(column.getPath()[0]);
        for (Row r : group) {
            Object v = expected(r, c);
            if (v == null) {
                stats.incrementNumNulls();
            } else if (v instanceof String s) {
                stats.updateStats(Binary.fromString(s));
            } else if (v instanceof Long l) {
                stats.updateStats(l);
            } else if (v instanceof Integer i) {
                stats.updateStats(i);
            } else if (v instanceof Double d) {
                stats.updateStats(d);
            } else if (v instanceof Boolean b) {
                stats.updateStats(b);
            } else {
                stats.updateStats((Float) v);
            }
        }
        return stats;
    }

    /** Every row and column again through DuckDB, the reader the docs show (docs/outputs.md). */
    private static void assertReadsBackByDuckDb(File file, List<Row> rows) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
                ResultSet r = st.executeQuery("SELECT * REPLACE (epoch_ms(\"time\") AS \"time\") FROM read_parquet('"
                        + file + "')")) {
            int i = 0;
            while (r.next()) {
                Row row = rows.get(i);
                for (int c = 0; c < 8 + WIDTH; c++) {
                    assertThat(r.getObject(c + 1)).as("DuckDB, row %d, column %d", i, c).isEqualTo(expected(row, c));
                }
                i++;
            }
            assertThat(i).isEqualTo(rows.size());
        }
    }

    private static ParquetFileReader open(File file) throws IOException {
        return ParquetFileReader.open(localFile(file.toPath()),
                ParquetReadOptions.builder().usePageChecksumVerification(true).build());
    }

    private static InputFile localFile(Path path) {
        return new InputFile() {
            @Override
            public long getLength() throws IOException {
                return Files.size(path);
            }

            @Override
            public SeekableInputStream newStream() throws IOException {
                RandomAccessFile file = new RandomAccessFile(path.toFile(), "r");
                return new DelegatingSeekableInputStream(new InputStream() {
                    @Override
                    public int read() throws IOException {
                        return file.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        return file.read(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        file.close();
                    }
                }) {
                    @Override
                    public long getPos() throws IOException {
                        return file.getFilePointer();
                    }

                    @Override
                    public void seek(long newPos) throws IOException {
                        file.seek(newPos);
                    }
                };
            }
        };
    }
}
