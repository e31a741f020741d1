package io.intentstream.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's samples (the real REES46 extract and the bundle trained from it) for tests. */
public final class SampleData {
    /** The repository root: tests run with their module directory as working directory. */
    public static final Path REPO = Files.isDirectory(Path.of("samples")) ? Path.of(".") : Path.of("..");

    private SampleData() {}

    /**
     * The REES46 extract in {@code samples/}. Fails rather than skips when it is missing, so a test that
     * depends on it cannot silently stop running.
     */
    public static Path rees46() {
        Path p = REPO.resolve("samples/rees46_2019-10-01_0000-0250.csv.gz");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("REES46 extract not found at " + p.toAbsolutePath());
        }
        return p;
    }

    /** The model bundle trained from the extract. */
    public static Path sampleBundle() {
        return REPO.resolve("samples/model");
    }
}
