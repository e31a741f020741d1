package io.intentstream.generator;

import io.intentstream.cli.Option;
import io.intentstream.cli.Options;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures generation speed writing JSON lines to a file, single-threaded: one warm-up run, then
 * timed runs; prints events/s and MB/s of each and the median. Asserts nothing; figures go to
 * docs/generator.md with the machine they were taken on.
 */
public final class GeneratorThroughput {
    static final Option<Long> EVENTS = Option.longValue("events", 10_000_000L, "distinct events per timed run");
    static final Option<Long> WARMUP_EVENTS = Option.longValue("warmup-events", 2_000_000L,
            "events of the untimed warm-up run (JIT)");
    static final Option<Integer> RUNS = Option.integer("runs", 3, "timed runs");
    static final Option<String> OUTPUT = Option.string("output", null,
            "file to write (overwritten by each run); default: a temporary file");
    static final Option<Boolean> KEEP = Option.bool("keep", false, "keep the output file after the last run");

    private final Options.Values options;

    private GeneratorThroughput(Options.Values options) {
        this.options = options;
    }

    public static void main(String[] args) throws IOException {
        Options.Values v = new Options("java -cp ... io.intentstream.generator.GeneratorThroughput",
                "Times the generator writing JSON lines to a file (pin it with taskset -c 0 for a one-core figure).")
                .add(EVENTS).add(WARMUP_EVENTS).add(RUNS).add(OUTPUT).add(KEEP)
                .parseOrExit(args);
        if (v != null) {
            new GeneratorThroughput(v).measure();
        }
    }

    private static GeneratorConfig config(long maxEvents) {
        // A large, busy population spread over a week: realistic session overlap for a load test.
        return GeneratorConfig.from(GeneratorOptions.defaults().with(GeneratorOptions.USERS, 5_000_000)
                .with(GeneratorOptions.DURATION, Duration.ofDays(7)).with(GeneratorOptions.MAX_EVENTS, maxEvents));
    }

    private void measure() throws IOException {
        Path file = options.isSet(OUTPUT)
                ? Paths.get(options.get(OUTPUT))
                : Files.createTempFile("intentstream-throughput", ".jsonl");
        int runs = options.get(RUNS);
        try {
            System.out.printf(Locale.ROOT, "java %s, %s %s, %d available processors%n", System.getProperty("java.version"),
                    System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors());
            GenerationSummary warm = new ClickstreamGenerator(config(options.get(WARMUP_EVENTS)))
                    .writeTo(OutputTarget.file(file, false), null);
            System.out.printf(Locale.ROOT, "warm-up: %,d events, %.0f events/s%n", warm.events(), warm.eventsPerSecond());
            double[] rates = new double[runs];
            double[] cpuRates = new double[runs];
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < runs; i++) {
                long cpuBefore = threads.getCurrentThreadCpuTime();
                GenerationSummary s = new ClickstreamGenerator(config(options.get(EVENTS))).writeTo(OutputTarget.file(file, false), null);
                // Thread CPU time (user + system, including the write calls) is the one-core cost even
                // when other processes compete for the core; wall-clock time is reported next to it.
                double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e9;
                long bytes = Files.size(file);
                rates[i] = s.eventsPerSecond();
                cpuRates[i] = s.events() / cpuSeconds;
                System.out.printf(Locale.ROOT,
                        "run %d: %,d events, %,d bytes (%.0f bytes/event); wall %.2f s = %,.0f events/s (%.0f MB/s);"
                                + " thread CPU %.2f s = %,.0f events/s%n",
                        i + 1, s.events(), bytes, (double) bytes / s.lines(), s.elapsedNanos() / 1e9, rates[i],
                        bytes / (s.elapsedNanos() / 1e9) / 1e6, cpuSeconds, cpuRates[i]);
            }
            Arrays.sort(rates);
            Arrays.sort(cpuRates);
            System.out.printf(Locale.ROOT, "median: %,.0f events/s wall-clock, %,.0f events per CPU-second%n",
                    rates[runs / 2], cpuRates[runs / 2]);
        } finally {
            if (!options.get(KEEP)) {
                Files.deleteIfExists(file);
            }
        }
    }
}
