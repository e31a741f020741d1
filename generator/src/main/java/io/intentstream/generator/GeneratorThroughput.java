package io.intentstream.generator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures generation speed writing JSON lines to a file, single-threaded: one warm-up run, then
 * timed runs; prints events/s and MB/s of each and the median. Asserts nothing; figures go to
 * docs/generator.md with the machine they were taken on.
 */
public final class GeneratorThroughput {
    private long events = 10_000_000;
    private long warmupEvents = 2_000_000;
    private int runs = 3;
    private Path output;
    private boolean keep;

    private GeneratorThroughput() {}

    public static void main(String[] args) throws IOException {
        GeneratorThroughput t = new GeneratorThroughput();
        CliOptions cli = new CliOptions("usage: java -cp ... io.intentstream.generator.GeneratorThroughput [options]\n"
                + "Times the generator writing JSON lines to a file (pin it with taskset -c 0 for a one-core figure).")
                .option("events", "N", t.events, "distinct events per timed run", v -> t.events = CliOptions.parseLong(v))
                .option("warmup-events", "N", t.warmupEvents, "events of the untimed warm-up run (JIT)",
                        v -> t.warmupEvents = CliOptions.parseLong(v))
                .option("runs", "N", t.runs, "timed runs", v -> t.runs = CliOptions.parseInt(v))
                .option("output", "PATH", "a temporary file", "file to write (overwritten by each run)",
                        v -> t.output = Paths.get(v))
                .flag("keep", "keep the output file after the last run", () -> t.keep = true);
        if (!cli.parse(args, System.out)) {
            return;
        }
        t.measure();
    }

    private GeneratorConfig config(long maxEvents) {
        // A large, busy population spread over a week: realistic session overlap for a load test.
        return GeneratorConfig.builder().users(5_000_000).duration(java.time.Duration.ofDays(7)).maxEvents(maxEvents).build();
    }

    private void measure() throws IOException {
        Path file = output != null ? output : Files.createTempFile("intentstream-throughput", ".jsonl");
        try {
            System.out.printf(Locale.ROOT, "java %s, %s %s, %d available processors%n", System.getProperty("java.version"),
                    System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors());
            GenerationSummary warm = new ClickstreamGenerator(config(warmupEvents)).writeTo(OutputTarget.file(file, false), null);
            System.out.printf(Locale.ROOT, "warm-up: %,d events, %.0f events/s%n", warm.events(), warm.eventsPerSecond());
            double[] rates = new double[runs];
            double[] cpuRates = new double[runs];
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < runs; i++) {
                long cpuBefore = threads.getCurrentThreadCpuTime();
                GenerationSummary s = new ClickstreamGenerator(config(events)).writeTo(OutputTarget.file(file, false), null);
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
            if (!keep) {
                Files.deleteIfExists(file);
            }
        }
    }
}
