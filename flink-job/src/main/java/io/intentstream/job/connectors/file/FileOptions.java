package io.intentstream.job.connectors.file;

import io.intentstream.cli.Option;
import java.util.List;

/** Options of the file connector: event files in, JSON lines out. */
public final class FileOptions {
    private FileOptions() {}

    public static final Option<String> INPUT = Option.string("input", null,
            "file source: comma-separated files or directories (plain or .gz)");
    public static final Option<String> RESULTS = Option.string("results", "output/scores",
            "directory for score records as JSON lines (file sink)");
    public static final Option<Boolean> RESULTS_STDOUT = Option.bool("results-stdout", false,
            "also print every score record to stdout");
    public static final Option<String> DEAD_LETTERS = Option.string("dead-letters", "output/dead-letters",
            "directory for rejected inputs as JSON lines (file source)");

    public static List<Option<?>> all() {
        return List.of(INPUT, RESULTS, RESULTS_STDOUT, DEAD_LETTERS);
    }
}
