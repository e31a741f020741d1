package io.intentstream.generator;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import io.intentstream.events.EventFileReader;
import io.intentstream.events.EventFormat;
import io.intentstream.events.ParseResult;
import io.intentstream.events.Rees46CsvParser;
import io.intentstream.events.ValidationRules;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/intentstream calibrate}: prints the calibration statistics of the REES46 extract next to
 * those of generated data over the same time window, with the relative difference of each.
 *
 * <p>The generated side is written in the REES46 layout and read back with the same parser as the real
 * file, so both go through identical code, including REES46's whole-second timestamps. The generator
 * starts a warm-up period before the window and only events inside the window are counted, so sessions
 * are cut at both window edges exactly as in the extract.
 */
public final class CalibrationCli {
    static final String SAMPLE_FILE = "rees46_2019-10-01_0000-0250.csv.gz";
    static final String DATA_FILE = "rees46_multicat_2019-10-01_0000-0250_utc.csv.gz";
    /** The copy in samples/ (run from the repository root, or from a module directory), else the shared original. */
    static final List<Path> DEFAULT_LOCATIONS = List.of(Paths.get("samples", SAMPLE_FILE),
            Paths.get("..", "samples", SAMPLE_FILE), Paths.get("..", "shared", "data", DATA_FILE));
    static final double TOLERANCE = 0.25;

    public static final Option<String> REES46 = Option.string("rees46", null,
            "the real REES46 extract to compare with; default: samples/" + SAMPLE_FILE + ", else ../shared/data/"
                    + DATA_FILE);
    public static final Option<Duration> WARMUP = Option.duration("warmup", Duration.ofHours(1),
            "generate this long before the window so sessions already run when it opens");
    /** Replaces the generator's --users: night-time traffic in the REES46 window is thin, so it takes more users. */
    public static final Option<Integer> CALIBRATION_USERS = Option.integer("users", 340_000,
            "size of the user population (calibration default: sized so the night-time window has REES46's volume)");

    private CalibrationCli() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out));
        } catch (IllegalArgumentException e) {
            System.err.println("calibrate: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("calibrate: " + e);
            System.exit(1);
        }
    }

    static int run(String[] args, PrintStream out) throws IOException {
        Options options = options();
        if (Options.wantsHelp(args)) {
            out.print(options.help());
            return 0;
        }
        Options.Values v = options.parse(args);
        Path real = v.isSet(REES46) ? Paths.get(v.get(REES46)) : findDefault();
        Comparison c = compare(real, v.with(GeneratorOptions.USERS, v.get(CALIBRATION_USERS)), v.get(WARMUP));
        c.print(out);
        return c.allWithinTolerance() ? 0 : 1;
    }

    /**
     * The generator's content options, without the time span and layout (the window comes from the REES46
     * file and the layout must be REES46's) and with the calibration's own --users.
     */
    public static Options options() {
        Options o = new Options("bin/intentstream calibrate",
                "Compares generated data with the REES46 extract over the extract's time window.\n"
                        + "Generator options default to the generator's own defaults, except --users (sized so the\n"
                        + "night-time window has REES46's volume) and the time span (the window plus the warm-up).\n"
                        + "Exit status 1 when a checked statistic is off by more than 25%.");
        o.add(REES46).add(WARMUP);
        for (Option<?> option : GeneratorOptions.ALL) {
            if (option == GeneratorOptions.USERS) {
                o.add(CALIBRATION_USERS);
            } else if (!GeneratorOptions.SPAN_AND_LAYOUT.contains(option)) {
                o.add(option);
            }
        }
        return o;
    }

    private static Path findDefault() {
        for (Path p : DEFAULT_LOCATIONS) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("REES46 extract not found in " + DEFAULT_LOCATIONS + "; pass --rees46 PATH");
    }

    /** Real and generated statistics side by side. */
    static final class Comparison {
        final Path realFile;
        final Instant windowStart;
        final Instant windowEnd;
        final Map<String, Double> real;
        final Map<String, Double> generated;
        final GeneratorConfig config;

        Comparison(Path realFile, Instant windowStart, Instant windowEnd, Map<String, Double> real,
                Map<String, Double> generated, GeneratorConfig config) {
            this.realFile = realFile;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
            this.real = real;
            this.generated = generated;
            this.config = config;
        }

        static double relative(double real, double generated) {
            return (generated - real) / real;
        }

        /** The checked statistics that are off by more than the tolerance. */
        List<String> failures() {
            List<String> bad = new ArrayList<>();
            for (String name : ClickstreamStats.CHECKED) {
                double r = relative(real.get(name), generated.get(name));
                if (!(Math.abs(r) <= TOLERANCE)) {
                    bad.add(name);
                }
            }
            return bad;
        }

        boolean allWithinTolerance() {
            return failures().isEmpty();
        }

        void print(PrintStream out) {
            out.printf(Locale.ROOT, "REES46:    %s%n", realFile);
            out.printf(Locale.ROOT, "window:    %s .. %s%n", windowStart, windowEnd);
            out.printf(Locale.ROOT, "generated: seed %d, %d users, %s warm-up, defaults otherwise unless given%n",
                    config.population().seed(), config.population().users(),
                    Duration.between(config.population().start(), windowStart));
            out.println();
            out.printf(Locale.ROOT, "| %-40s | %12s | %12s | %9s | %-6s |%n", "statistic", "REES46", "generated", "rel. diff", "<=25%");
            out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%n", "-".repeat(42), "-".repeat(13) + ":", "-".repeat(13) + ":",
                    "-".repeat(10) + ":", "-".repeat(8));
            for (String name : real.keySet()) {
                double r = real.get(name);
                double g = generated.get(name);
                boolean checked = ClickstreamStats.CHECKED.contains(name);
                String verdict = checked ? (Math.abs(relative(r, g)) <= TOLERANCE ? "yes" : "NO") : "(info)";
                String diff = r == 0 || Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", 100 * relative(r, g));
                out.printf(Locale.ROOT, "| %-40s | %12s | %12s | %9s | %-6s |%n", name, fmt(r), fmt(g), diff, verdict);
            }
            out.println();
            List<String> bad = failures();
            out.println(bad.isEmpty()
                    ? "all " + ClickstreamStats.CHECKED.size() + " checked statistics within 25% of REES46"
                    : bad.size() + " checked statistics off by more than 25%: " + bad);
        }

        private static String fmt(double v) {
            if (Double.isNaN(v)) {
                return "n/a";
            }
            if (v == Math.rint(v) && Math.abs(v) >= 100) {
                return String.format(Locale.ROOT, "%,.0f", v);
            }
            return String.format(Locale.ROOT, Math.abs(v) < 1 ? "%.4f" : "%.2f", v);
        }
    }

    /**
     * Reads the real file, generates with the given option values over its window (plus warm-up) in the
     * REES46 layout, and computes both sides.
     */
    static Comparison compare(Path realFile, Options.Values generatorOptions, Duration warmup) throws IOException {
        ClickstreamStats realStats = new ClickstreamStats();
        long[] window = {Long.MAX_VALUE, Long.MIN_VALUE};
        EventFileReader.read(realFile, EventFormat.REES46_CSV, ValidationRules.defaults(), (file, line, raw, result) -> {
            if (result.isValid()) {
                realStats.accept(result.event());
                window[0] = Math.min(window[0], result.event().eventTime);
                window[1] = Math.max(window[1], result.event().eventTime);
            }
        });
        if (window[0] > window[1]) {
            throw new IllegalArgumentException(realFile + " holds no valid events");
        }
        // REES46 times are whole seconds: the last second of the window is included whole.
        long windowStart = window[0];
        long windowEnd = window[1] + 1000;
        GeneratorConfig config = GeneratorConfig.from(generatorOptions
                .with(GeneratorOptions.START, Instant.ofEpochMilli(windowStart - warmup.toMillis()))
                .with(GeneratorOptions.DURATION, Duration.ofMillis(windowEnd - windowStart + warmup.toMillis()))
                .with(GeneratorOptions.FORMAT, OutputFormat.REES46));
        ClickstreamStats generatedStats = new ClickstreamStats();
        Rees46CsvParser parser = new Rees46CsvParser(ValidationRules.defaults());
        new ClickstreamGenerator(config).forEachLine((line, kind) -> {
            ParseResult r = parser.parse(line, 0);
            if (r.isValid() && r.event().eventTime >= windowStart && r.event().eventTime < windowEnd) {
                generatedStats.accept(r.event());
            }
        }, null);
        return new Comparison(realFile, Instant.ofEpochMilli(windowStart), Instant.ofEpochMilli(windowEnd),
                realStats.result(), generatedStats.result(), config);
    }
}
