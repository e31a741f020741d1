package io.intentstream.bench;

import java.util.Arrays;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Entry point of {@code bin/intentstream bench}: runs the benchmarks recorded in docs/BENCHMARKS.md and prints
 * their figures. {@code bench [section] [options]}; without a section, every section runs.
 */
public final class BenchmarkSuite {
    private BenchmarkSuite() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        // Brokers, clusters and native libraries leave non-daemon threads behind; a finished run must end.
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        String section = args.length == 0 ? "all" : args[0];
        String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
        switch (section) {
            case "scoring" -> ScoringBenchmarkMain.main(rest);
            case "scoring-jmh" -> jmh(ScoringBenchmark.class, rest);
            case "job" -> JobThroughputBenchmark.main(rest);
            case "latency" -> KafkaLatencyBenchmark.main(rest);
            case "state" -> StateSizeBenchmark.main(rest);
            case "archive" -> ArchiveWriterBenchmark.main(rest);
            case "trainer" -> TrainerScaleBenchmark.main(rest);
            case "serving" -> ServingLatencyBenchmark.main(rest);
            case "all" -> {
                ScoringBenchmarkMain.main(new String[0]);
                jmh(ScoringBenchmark.class, new String[0]);
                StateSizeBenchmark.main(new String[0]);
                ArchiveWriterBenchmark.main(new String[0]);
                JobThroughputBenchmark.main(new String[0]);
                KafkaLatencyBenchmark.main(new String[0]);
                TrainerScaleBenchmark.main(new String[0]);
                ServingLatencyBenchmark.main(new String[0]);
            }
            default -> {
                System.err.println("""
                        usage: bench [section] [options]
                          scoring      scoring cost per event, all scorers in one run: median, p99, ratios
                                       (options: --rounds N, --seconds-per-round S)
                          scoring-jmh  the same scorers under JMH, sample-time mode (options: any JMH options)
                          job          whole-job throughput against its ceiling (options: job --help)
                          latency      end-to-end latency through Kafka at a fixed rate (options: latency --help)
                          state        session state size, typical sessions and a bot (options: state --help)
                          archive      Parquet writer cost per row of the archive's scores table (options: archive --help)
                          trainer      trainer replay and training at scale (options: trainer --help)
                          serving      lookup API latency over loopback at a fixed rate (options: serving --help)
                          all          every section above (the default)""");
                System.exit(section.equals("--help") || section.equals("-h") ? 0 : 2);
            }
        }
    }

    /** Runs one JMH benchmark class; extra arguments are JMH's own command-line options. */
    private static void jmh(Class<?> benchmark, String[] options) throws RunnerException, CommandLineOptionException {
        String[] args = Arrays.copyOf(options, options.length + 1);
        args[options.length] = "^" + benchmark.getName().replace(".", "\\.") + "\\.";
        new Runner(new CommandLineOptions(args)).run();
    }
}
