package io.intentstream.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-width float rows, appended once and read many times, kept in memory-mapped chunks of a temporary
 * file rather than on the heap: tens of millions of feature rows cost page cache the OS can evict, not
 * heap the trainer must be sized for.
 */
final class FeatureRows implements AutoCloseable {
    /** Floats per chunk: 256 MB, well below the 2 GB a single mapping may cover. */
    private static final int CHUNK_FLOATS = 1 << 26;

    private final int width;
    private final int rowsPerChunk;
    private final Path file;
    private final FileChannel channel;
    private final List<FloatBuffer> chunks = new ArrayList<>();
    private long rows;

    FeatureRows(int width) {
        this.width = width;
        this.rowsPerChunk = CHUNK_FLOATS / width;
        try {
            this.file = Files.createTempFile("intentstream-examples", ".f32");
            this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the example file", e);
        }
    }

    long rows() {
        return rows;
    }

    void append(float[] source, int offset) {
        int chunk = (int) (rows / rowsPerChunk);
        if (chunk == chunks.size()) {
            try {
                long bytes = (long) rowsPerChunk * width * Float.BYTES;
                MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, chunk * bytes, bytes);
                chunks.add(mapped.order(ByteOrder.nativeOrder()).asFloatBuffer());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot grow the example file", e);
            }
        }
        chunks.get(chunk).put((int) (rows % rowsPerChunk) * width, source, offset, width);
        rows++;
    }

    float get(long row, int column) {
        return chunks.get((int) (row / rowsPerChunk)).get((int) (row % rowsPerChunk) * width + column);
    }

    void copy(long row, float[] target, int offset) {
        chunks.get((int) (row / rowsPerChunk)).get((int) (row % rowsPerChunk) * width, target, offset, width);
    }

    @Override
    public void close() {
        chunks.clear();
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the example file " + file, e);
        }
    }
}
