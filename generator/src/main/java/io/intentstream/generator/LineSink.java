package io.intentstream.generator;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Where lines go: one stream, or a directory of files rolled by size or line count. Knows which
 * file and line number the last line landed on, for the ground truth.
 */
abstract class LineSink implements Closeable {
    private static final int BUFFER = 1 << 20;

    abstract void write(ByteLine line) throws IOException;

    /** The file the last line went to, relative to the output directory ({@code -} for stdout). */
    abstract String fileName();

    /** The 1-based line number of the last line within its file (a CSV header is line 1). */
    abstract long lineNumber();

    static LineSink of(OutputTarget target, OutputFormat format) throws IOException {
        switch (target.kind()) {
            case STDOUT:
                return new StreamSink(System.out, "-", format, false);
            case FILE: {
                Path file = target.path();
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                OutputStream out = Files.newOutputStream(file);
                if (target.gzip()) {
                    out = new GZIPOutputStream(out, 1 << 16);
                }
                return new StreamSink(out, file.getFileName().toString(), format, true);
            }
            default:
                return new RollingSink(target, format);
        }
    }

    /** Writes to an output stream through a large private buffer (no per-line locking or encoding). */
    static final class StreamSink extends LineSink {
        private final OutputStream out;
        private final String name;
        private final boolean closeStream;
        private final byte[] buffer = new byte[BUFFER];
        private int used;
        private long lineNumber;
        long bytes;

        StreamSink(OutputStream out, String name, OutputFormat format, boolean closeStream) throws IOException {
            this.out = out;
            this.name = name;
            this.closeStream = closeStream;
            String header = LineRenderer.header(format);
            if (header != null) {
                byte[] h = (header + "\n").getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(h, 0, buffer, 0, h.length);
                used = h.length;
                bytes = h.length;
                lineNumber = 1;
            }
        }

        @Override
        void write(ByteLine line) throws IOException {
            int n = line.len + 1;
            if (used + n > buffer.length) {
                flushBuffer();
                if (n > buffer.length) {
                    out.write(line.buf, 0, line.len);
                    out.write('\n');
                    bytes += n;
                    lineNumber++;
                    return;
                }
            }
            System.arraycopy(line.buf, 0, buffer, used, line.len);
            used += line.len;
            buffer[used++] = '\n';
            bytes += n;
            lineNumber++;
        }

        private void flushBuffer() throws IOException {
            if (used > 0) {
                out.write(buffer, 0, used);
                used = 0;
            }
        }

        @Override
        String fileName() {
            return name;
        }

        @Override
        long lineNumber() {
            return lineNumber;
        }

        @Override
        public void close() throws IOException {
            flushBuffer();
            out.flush();
            if (closeStream) {
                out.close();
            }
        }
    }

    /** Files {@code events-00000.jsonl}, {@code events-00001.jsonl}, ... each starting a new one past the limits. */
    static final class RollingSink extends LineSink {
        private final OutputTarget target;
        private final OutputFormat format;
        private StreamSink current;
        private int index = -1;
        private long linesInFile;

        RollingSink(OutputTarget target, OutputFormat format) throws IOException {
            this.target = target;
            this.format = format;
            Files.createDirectories(target.path());
        }

        private void roll() throws IOException {
            if (current != null) {
                current.close();
            }
            index++;
            String name = String.format("events-%05d%s%s", index, format.extension(), target.gzip() ? ".gz" : "");
            OutputStream out = Files.newOutputStream(target.path().resolve(name));
            if (target.gzip()) {
                out = new GZIPOutputStream(out, 1 << 16);
            }
            current = new StreamSink(out, name, format, true);
            linesInFile = 0;
        }

        @Override
        void write(ByteLine line) throws IOException {
            if (current == null
                    || (target.rollBytes() > 0 && current.bytes + line.len + 1 > target.rollBytes() && linesInFile > 0)
                    || (target.rollLines() > 0 && linesInFile >= target.rollLines())) {
                roll();
            }
            current.write(line);
            linesInFile++;
        }

        @Override
        String fileName() {
            return current.fileName();
        }

        @Override
        long lineNumber() {
            return current.lineNumber();
        }

        @Override
        public void close() throws IOException {
            if (current == null) {
                roll();
            }
            current.close();
        }
    }
}
