package io.intentstream.bench;

import io.intentstream.model.JavaTreeScorer;
import io.intentstream.model.XGBoostScorer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: scoring cost per event of the {@link BenchmarkModel} (300 trees, depth 6, 30 features), one thread,
 * in sample-time mode so the median and p99 of single calls are reported. Batched methods score
 * {@value #BATCH} rows per call and report time per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
@Threads(1)
public class ScoringBenchmark {
    static final int BATCH = 128;
    /** A power of two, so the row index wraps with a mask. */
    private static final int ROWS = 4096;

    private XGBoostScorer xgboost;
    private Booster booster;
    private JavaTreeScorer javaScorer;
    private float[][] rows;
    /** {@link #rows} as row-major blocks of {@link #BATCH} rows. */
    private float[][] batches;
    private int next;
    private int nextBatch;

    @Setup(Level.Trial)
    public void setUp() {
        BenchmarkModel model = BenchmarkModel.train(ROWS);
        rows = model.rows;
        batches = new float[ROWS / BATCH][];
        for (int b = 0; b < batches.length; b++) {
            float[][] block = Arrays.copyOfRange(rows, b * BATCH, (b + 1) * BATCH);
            batches[b] = BenchmarkModel.flatten(block);
        }
        xgboost = ScoringSetup.xgboost(model.bundle);
        booster = xgboost.booster();
        javaScorer = JavaTreeScorer.fromBundle(model.bundle);
        ScoringSetup.requireIdenticalMargins(javaScorer, xgboost, rows);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        xgboost.close();
    }

    private float[] nextRow() {
        float[] row = rows[next];
        next = (next + 1) & (ROWS - 1);
        return row;
    }

    private float[] nextBatch() {
        float[] batch = batches[nextBatch];
        nextBatch = (nextBatch + 1) % batches.length;
        return batch;
    }

    /** What {@link XGBoostScorer#predict} does for one event: {@code inplace_predict}, no DMatrix. */
    @Benchmark
    public float xgboost4jSingleInplace() {
        return xgboost.predict(nextRow());
    }

    /** The classic XGBoost4J way: a one-row DMatrix per event. */
    @Benchmark
    public float xgboost4jSingleDMatrix() throws XGBoostError {
        DMatrix matrix = new DMatrix(nextRow(), 1, BenchmarkModel.FEATURES, Float.NaN);
        try {
            return booster.predict(matrix)[0][0];
        } finally {
            matrix.dispose();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float[] xgboost4jBatch128Inplace() {
        return xgboost.predictBatch(nextBatch(), BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float[][] xgboost4jBatch128DMatrix() throws XGBoostError {
        DMatrix matrix = new DMatrix(nextBatch(), BATCH, BenchmarkModel.FEATURES, Float.NaN);
        try {
            return booster.predict(matrix);
        } finally {
            matrix.dispose();
        }
    }

    @Benchmark
    public float javaEvaluator() {
        return javaScorer.predict(nextRow());
    }
}
