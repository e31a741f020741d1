package io.intentstream.bench;

import io.intentstream.model.JavaTreeScorer;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.XGBoostScorer;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Scorer set-up shared by the JMH benchmark and the plain driver, so both measure the same thing. */
final class ScoringSetup {
    private ScoringSetup() {}

    /**
     * The product's XGBoost4J scorer, limited to one native thread: the figures are per core, and in the job
     * every parallel subtask already has its own thread.
     */
    static XGBoostScorer xgboost(ModelBundle bundle) {
        XGBoostScorer scorer = new XGBoostScorer(bundle);
        try {
            scorer.booster().setParam("nthread", 1);
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot limit XGBoost to one thread: " + e.getMessage(), e);
        }
        return scorer;
    }

    /** Refuses to time two scorers that do not compute the same margins: the comparison would be meaningless. */
    static void requireIdenticalMargins(JavaTreeScorer java, XGBoostScorer xgboost, float[][] rows) {
        float[] expected = xgboost.marginBatch(BenchmarkModel.flatten(rows), rows.length);
        for (int r = 0; r < rows.length; r++) {
            float actual = java.margin(rows[r]);
            if (Float.floatToIntBits(actual) != Float.floatToIntBits(expected[r])) {
                throw new IllegalStateException("Java and XGBoost4J margins differ on row " + r + ": " + actual
                        + " vs " + expected[r]);
            }
        }
    }
}
