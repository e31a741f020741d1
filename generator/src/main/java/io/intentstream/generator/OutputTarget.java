package io.intentstream.generator;

import java.nio.file.Path;
import java.util.Objects;

/** Where generated lines are written: stdout, one file, or a directory of rolled files. */
public final class OutputTarget {
    /** The three destinations. */
    public enum Kind {
        STDOUT,
        FILE,
        DIRECTORY
    }

    private final Kind kind;
    private final Path path;
    private final boolean gzip;
    private final long rollBytes;
    private final long rollLines;

    private OutputTarget(Kind kind, Path path, boolean gzip, long rollBytes, long rollLines) {
        this.kind = kind;
        this.path = path;
        this.gzip = gzip;
        this.rollBytes = rollBytes;
        this.rollLines = rollLines;
    }

    public static OutputTarget stdout() {
        return new OutputTarget(Kind.STDOUT, null, false, 0, 0);
    }

    public static OutputTarget file(Path file, boolean gzip) {
        return new OutputTarget(Kind.FILE, Objects.requireNonNull(file), gzip, 0, 0);
    }

    /**
     * A directory of files named {@code events-NNNNN.<ext>}; a new file starts when the next line would
     * take the current one past {@code rollBytes}, or it already holds {@code rollLines} lines (0 = no limit).
     */
    public static OutputTarget directory(Path dir, long rollBytes, long rollLines, boolean gzip) {
        if (rollBytes < 0 || rollLines < 0) {
            throw new IllegalArgumentException("roll limits must not be negative");
        }
        return new OutputTarget(Kind.DIRECTORY, Objects.requireNonNull(dir), gzip, rollBytes, rollLines);
    }

    public Kind kind() {
        return kind;
    }

    public Path path() {
        return path;
    }

    public boolean gzip() {
        return gzip;
    }

    public long rollBytes() {
        return rollBytes;
    }

    public long rollLines() {
        return rollLines;
    }
}
