package io.intentstream.bench;

import io.intentstream.cli.Progress;
import io.intentstream.model.JavaTreeScorer;
import io.intentstream.model.TopContributions;
import io.intentstream.model.XGBoostScorer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Scoring cost per event, all scorers in one JVM run: per-call {@code System.nanoTime} samples, printed as
 * median and p99 per row, and the ratio XGBoost4J single-row / Java evaluator.
 *
 * <p>Built to stay fair on a small, noisy machine: the scorers take turns in short rounds (the order rotating
 * each round), so a burst of background load hits all of them alike, and the ratio is also given as the median
 * of the per-round ratios, which a single bad round cannot move.
 */
public final class ScoringBenchmarkMain {
    private static final int ROWS = 4096;
    private static final int BATCH = ScoringBenchmark.BATCH;
    /** Reason codes per explained event, as the job's --explain would emit by default. */
    static final int EXPLAIN_TOP_K = 5;
    /** Positions in the scorer list of {@link #run}, which the report compares. */
    private static final int JAVA = 4;
    private static final int EXPLAIN = 5;
    private static final int CONTRIB_BATCH = 6;

    /** One way of scoring, timed one call at a time. */
    private interface Method {
        /** Scores the {@code i}-th call's input and returns something that depends on the result. */
        float call(int i) throws XGBoostError;
    }

    private record Scorer(String name, int rowsPerCall, Method method) {}

    /** Per-call times of one scorer, in nanoseconds per call, over all rounds and per round. */
    private static final class Samples {
        long[] all = new long[1 << 16];
        int size;
        final List<long[]> rounds = new ArrayList<>();

        void add(long[] round, int n) {
            rounds.add(Arrays.copyOf(round, n));
            while (size + n > all.length) {
                all = Arrays.copyOf(all, all.length * 2);
            }
            System.arraycopy(round, 0, all, size, n);
            size += n;
        }
    }

    private ScoringBenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        int rounds = 10;
        double secondsPerRound = 0.8;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds-per-round" -> secondsPerRound = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("usage: scoring [--rounds N (10)] [--seconds-per-round S (0.8)]");
                    System.exit(2);
                }
            }
        }
        run(rounds, secondsPerRound, System.out);
    }

    static void run(int rounds, double secondsPerRound, PrintStream out) throws XGBoostError {
        long start = System.nanoTime();
        BenchmarkModel model = BenchmarkModel.train(ROWS);
        out.printf(Locale.ROOT, "model: %d trees, depth %d, %d features, binary:logistic; trained in %.1f s%n",
                BenchmarkModel.TREES, BenchmarkModel.DEPTH, BenchmarkModel.FEATURES, (System.nanoTime() - start) / 1e9);
        out.println("machine: " + machine());

        float[][] rows = model.rows;
        float[][] batches = new float[ROWS / BATCH][];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = BenchmarkModel.flatten(Arrays.copyOfRange(rows, b * BATCH, (b + 1) * BATCH));
        }
        try (XGBoostScorer xgboost = ScoringSetup.xgboost(model.bundle)) {
            JavaTreeScorer java = JavaTreeScorer.fromBundle(model.bundle);
            ScoringSetup.requireIdenticalMargins(java, xgboost, rows);
            out.println("parity: Java and XGBoost4J margins bit-identical on all " + ROWS + " rows");
            float[] contributions = new float[BenchmarkModel.FEATURES + 1];
            int[] topFeatures = new int[EXPLAIN_TOP_K];
            float[] topValues = new float[EXPLAIN_TOP_K];
            Booster booster = xgboost.booster();
            int mask = ROWS - 1;
            List<Scorer> scorers = List.of(
                    new Scorer("XGBoost4J single row, inplace_predict", 1, i -> xgboost.predict(rows[i & mask])),
                    new Scorer("XGBoost4J single row, DMatrix + predict", 1, i -> {
                        DMatrix m = new DMatrix(rows[i & mask], 1, BenchmarkModel.FEATURES, Float.NaN);
                        try {
                            return booster.predict(m)[0][0];
                        } finally {
                            m.dispose();
                        }
                    }),
                    new Scorer("XGBoost4J batch of 128, inplace_predict", BATCH,
                            i -> xgboost.predictBatch(batches[i % batches.length], BATCH)[0]),
                    new Scorer("XGBoost4J batch of 128, DMatrix + predict", BATCH, i -> {
                        DMatrix m = new DMatrix(batches[i % batches.length], BATCH, BenchmarkModel.FEATURES, Float.NaN);
                        try {
                            return booster.predict(m)[0][0];
                        } finally {
                            m.dispose();
                        }
                    }),
                    new Scorer("Java evaluator", 1, i -> java.predict(rows[i & mask])),
                    // --explain: the score plus its TreeSHAP contributions and the top features, as the job would do.
                    new Scorer("Java evaluator + TreeSHAP top-" + EXPLAIN_TOP_K + " (explain)", 1, i -> {
                        float[] row = rows[i & mask];
                        float p = java.predict(row);
                        java.contributions(row, contributions);
                        int n = TopContributions.select(contributions, BenchmarkModel.FEATURES, EXPLAIN_TOP_K,
                                topFeatures, topValues);
                        return p + n + topValues[0];
                    }),
                    new Scorer("XGBoost4J batch of 128, DMatrix + predictContrib", BATCH, i -> {
                        DMatrix m = new DMatrix(batches[i % batches.length], BATCH, BenchmarkModel.FEATURES, Float.NaN);
                        try {
                            return booster.predictContrib(m, 0)[0][0];
                        } finally {
                            m.dispose();
                        }
                    }));

            out.printf(Locale.ROOT, "warm-up: %.1f s per scorer%n", 2.0);
            for (Scorer s : scorers) {
                time(s, 2.0, new long[1 << 20]);
            }
            out.printf(Locale.ROOT, "measuring: %d rounds of %.1f s per scorer, order rotating%n", rounds,
                    secondsPerRound);
            Samples[] samples = new Samples[scorers.size()];
            Arrays.setAll(samples, k -> new Samples());
            long[] buffer = new long[1 << 20];
            try (Progress progress = Progress.start("scoring", (long) rounds * scorers.size(), "turns")) {
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < scorers.size(); k++) {
                        int which = (k + round) % scorers.size();
                        int n = time(scorers.get(which), secondsPerRound, buffer);
                        samples[which].add(buffer, n);
                        progress.stepBy(1);
                    }
                }
            }
            report(scorers, samples, out);
        }
        out.printf(Locale.ROOT, "total run time %.0f s (checksum %s)%n", (System.nanoTime() - start) / 1e9, sink);
    }

    /** Consumes results so the JIT cannot drop a call; printed at the end. */
    private static float sink;

    /** Calls the scorer for about {@code seconds}, one nanoTime sample per call; returns the sample count. */
    private static int time(Scorer scorer, double seconds, long[] buffer) throws XGBoostError {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        float acc = 0;
        while (n < buffer.length) {
            long t0 = System.nanoTime();
            acc += scorer.method().call(n);
            long t1 = System.nanoTime();
            buffer[n++] = t1 - t0;
            if (t1 > end) {
                break;
            }
        }
        sink += acc;
        return n;
    }

    private static void report(List<Scorer> scorers, Samples[] samples, PrintStream out) {
        out.println();
        out.println("| scorer | calls | median µs/row | p99 µs/row |");
        out.println("| --- | ---: | ---: | ---: |");
        double[] median = new double[scorers.size()];
        double[] p99 = new double[scorers.size()];
        for (int k = 0; k < scorers.size(); k++) {
            long[] sorted = Arrays.copyOf(samples[k].all, samples[k].size);
            Arrays.sort(sorted);
            double perRow = 1000.0 * scorers.get(k).rowsPerCall();
            median[k] = percentile(sorted, 0.50) / perRow;
            p99[k] = percentile(sorted, 0.99) / perRow;
            out.printf(Locale.ROOT, "| %s | %d | %s | %s |%n", scorers.get(k).name(), sorted.length, fmt(median[k]),
                    fmt(p99[k]));
        }
        int xgboostSingle = 0;
        int java = JAVA;
        double[] roundRatios = new double[samples[java].rounds.size()];
        for (int r = 0; r < roundRatios.length; r++) {
            roundRatios[r] = median(samples[xgboostSingle].rounds.get(r)) / median(samples[java].rounds.get(r));
        }
        Arrays.sort(roundRatios);
        out.println();
        out.printf(Locale.ROOT, "ratio XGBoost4J single row (inplace_predict) / Java evaluator: median %.1fx, p99 %.1fx;"
                        + " per-round median ratios %.1fx (lowest %.1fx, highest %.1fx)%n",
                median[xgboostSingle] / median[java], p99[xgboostSingle] / p99[java],
                roundRatios[roundRatios.length / 2], roundRatios[0], roundRatios[roundRatios.length - 1]);
        out.printf(Locale.ROOT, "ratio XGBoost4J single row (DMatrix) / Java evaluator: median %.1fx, p99 %.1fx%n",
                median[1] / median[java], p99[1] / p99[java]);
        out.printf(Locale.ROOT, "ratio XGBoost4J batch of 128 (inplace_predict, per row) / Java evaluator: median %.1fx%n",
                median[2] / median[java]);
        out.printf(Locale.ROOT, "explain cost per event (--explain top-%d): median %s µs on top of scoring (%s µs scored and "
                        + "explained against %s µs scored), p99 %s µs; %.0fx the cost of scoring alone; XGBoost4J "
                        + "predictContrib in batches of 128: %s µs per row%n", EXPLAIN_TOP_K,
                fmt(median[EXPLAIN] - median[java]), fmt(median[EXPLAIN]), fmt(median[java]), fmt(p99[EXPLAIN]),
                median[EXPLAIN] / median[java], fmt(median[CONTRIB_BATCH]));
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentile(sorted, 0.5);
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String fmt(double micros) {
        return micros >= 100 ? String.format(Locale.ROOT, "%.0f", micros) : String.format(Locale.ROOT, "%.2f", micros);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // Not Linux: the CPU model stays unknown, the rest is still worth printing.
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }
}
