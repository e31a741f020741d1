package io.intentstream.generator;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** {@code bin/intentstream generate}: writes synthetic events to stdout, a file or a directory of files. */
public final class GeneratorCli {
    public static final Option<String> OUTPUT = Option.string("output", "-", "file to write; '-' writes to stdout");
    public static final Option<String> OUTPUT_DIR = Option.string("output-dir", null,
            "write a directory of files events-00000.jsonl, events-00001.jsonl, ... (.csv for rees46) instead of one file");
    public static final Option<Long> ROLL_SIZE = Option.size("roll-size", 256L << 20,
            "with --output-dir: start a new file before one would exceed this size (uncompressed; 0 = no limit)");
    public static final Option<Long> ROLL_EVENTS = Option.longValue("roll-events", 0L,
            "with --output-dir: start a new file after this many lines (0 = no limit)");
    public static final Option<Boolean> GZIP = Option.bool("gzip", false,
            "gzip-compress the output files (a .gz suffix is added to rolled files)");
    public static final Option<String> TRUTH = Option.string("truth", null,
            "write the ground-truth side file (JSON lines: sessions with latent intent, malformed and disordered lines)"
                    + " here; never mixed into the events");
    public static final Option<Boolean> QUIET = Option.bool("quiet", false, "do not print the run summary on stderr");

    private GeneratorCli() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out));
        } catch (IllegalArgumentException e) {
            System.err.println("generate: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("generate: " + e);
            System.exit(1);
        }
    }

    public static Options options() {
        Options o = new Options("bin/intentstream generate",
                "Writes a synthetic clickstream (docs/generator.md). Same options and seed, same bytes.");
        List.<Option<?>>of(OUTPUT, OUTPUT_DIR, ROLL_SIZE, ROLL_EVENTS, GZIP, TRUTH, QUIET).forEach(o::add);
        GeneratorOptions.ALL.forEach(o::add);
        return o;
    }

    /** Runs the command; help goes to {@code out}, the events to where the options say. */
    static int run(String[] args, PrintStream out) throws IOException {
        Options options = options();
        if (Options.wantsHelp(args)) {
            out.print(options.help());
            return 0;
        }
        Options.Values v = options.parse(args);
        if (v.isSet(OUTPUT_DIR) && !v.get(OUTPUT).equals("-")) {
            throw new IllegalArgumentException("give either --output or --output-dir, not both");
        }
        GeneratorConfig config = GeneratorConfig.from(v);
        OutputTarget target;
        if (v.isSet(OUTPUT_DIR)) {
            target = OutputTarget.directory(Paths.get(v.get(OUTPUT_DIR)), v.get(ROLL_SIZE), v.get(ROLL_EVENTS), v.get(GZIP));
        } else if (v.get(OUTPUT).equals("-")) {
            target = OutputTarget.stdout();
        } else {
            target = OutputTarget.file(Paths.get(v.get(OUTPUT)), v.get(GZIP));
        }
        Path truth = v.isSet(TRUTH) ? Paths.get(v.get(TRUTH)) : null;
        // Progress only when the events go to files: on standard output they may be piped into another command.
        GenerationSummary summary = new ClickstreamGenerator(config).writeTo(target, truth, !v.get(OUTPUT).equals("-")
                || v.isSet(OUTPUT_DIR));
        if (!v.get(QUIET)) {
            System.err.println("[generate] " + summary);
        }
        return 0;
    }
}
