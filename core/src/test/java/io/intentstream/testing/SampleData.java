package io.intentstream.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Locates the real REES46 extract that tests read end to end. */
public final class SampleData {
    public static final String REES46_FILE = "rees46_multicat_2019-10-01_0000-0250_utc.csv.gz";

    private SampleData() {}

    /**
     * The REES46 extract: the system property {@code intentstream.rees46} if set, else {@code samples/} of the
     * repository (tests run in a module directory, so one level up), else the shared data directory.
     * Fails rather than skips when it is missing, so a test that depends on it cannot silently stop running.
     */
    public static Path rees46() {
        String override = System.getProperty("intentstream.rees46");
        List<Path> candidates = override != null
                ? List.of(Path.of(override))
                : List.of(Path.of("samples", REES46_FILE), Path.of("..", "samples", REES46_FILE),
                        Path.of("/work/shared/data", REES46_FILE));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("REES46 extract not found; looked at " + candidates
                + " (set -Dintentstream.rees46=/path/to/" + REES46_FILE + ")");
    }
}
