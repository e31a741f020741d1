package io.intentstream.trainer;

import io.intentstream.evaluation.Metrics;
import io.intentstream.events.Hashing;
import io.intentstream.features.FeatureSchema;
import io.intentstream.generator.GroundTruth;
import io.intentstream.model.PropensityScorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 5 of training, test-set evaluation: the model as shipped over every prefix example and at session level
 * (the score at the last event before the first purchase, or at the session's last event), next to the "session
 * has a cart" heuristic on the same examples; the test side before and after the fitted calibration; with a
 * generator's ground truth, also next to the oracle. It keeps every test example's scores for the report.
 */
final class EvaluateStep {
    private EvaluateStep() {}

    /**
     * The metrics bundle.json records, by group ({@code test_events}, {@code test_sessions}, the baselines and,
     * with {@code truth}, the oracle groups).
     *
     * @param truth a generator's ground truth, or {@code null}
     */
    static Evaluation run(ExampleSet examples, TemporalSplit split, PropensityScorer scorer, GroundTruth truth) {
        return run(examples, split, Scorers.of(scorer), truth);
    }

    /** As {@link #run(ExampleSet, TemporalSplit, PropensityScorer, GroundTruth)}, with the calibration compared. */
    static Evaluation run(ExampleSet examples, TemporalSplit split, Scorers scorers, GroundTruth truth) {
        Evaluation evaluation = evaluate(examples, split, scorers);
        if (truth != null) {
            evaluation.metrics().putAll(oracle(examples, split, truth, scorers.shipped()));
        }
        return evaluation;
    }

    /**
     * The best ranking achievable on the test sessions, from a generator's ground truth: sessions ranked by
     * their latent intent, against whether they converted, next to the model on exactly the same sessions.
     */
    private static Map<String, Map<String, Double>> oracle(ExampleSet examples, TemporalSplit split, GroundTruth truth,
            PropensityScorer scorer) {
        Map<Long, Double> intentByKey = new HashMap<>();
        for (GroundTruth.SessionTruth s : truth.sessions().values()) {
            intentByKey.put(Hashing.hash64(s.sessionId), s.intent);
        }
        int w = examples.width();
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < examples.rows(); r++) {
            if (examples.isLastOfSession(r) && split.sideOfRow(examples, r) == TemporalSplit.Side.TEST
                    && intentByKey.containsKey(examples.sessionKey(examples.sessionOf(r)))) {
                rows.add(r);
            }
        }
        double[] intent = new double[rows.size()];
        boolean[] labels = new boolean[rows.size()];
        float[] features = new float[rows.size() * w];
        for (int i = 0; i < rows.size(); i++) {
            int r = rows.get(i);
            intent[i] = intentByKey.get(examples.sessionKey(examples.sessionOf(r)));
            labels[i] = examples.label(r);
            examples.copyRow(r, features, i * w);
        }
        float[] predictions = new float[rows.size()];
        scorer.predictBatch(features, rows.size(), w, predictions);
        double[] p = new double[rows.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = predictions[i];
        }
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        metrics.put("oracle_latent_intent_test_sessions", Metrics.rankingSummary(intent, labels));
        metrics.put("model_on_oracle_test_sessions", Metrics.rankingSummary(p, labels));
        return metrics;
    }

    static final int EVALUATION_CHUNK_ROWS = 65_536;

    /**
     * The scorers evaluated on the test side: {@code shipped} is the bundle as the job loads it; {@code uncalibrated}
     * the same booster without calibration and {@code candidate} with the fitted calibration whether kept or not
     * (each {@code null} when there is none, or the same object as {@code shipped}).
     */
    record Scorers(PropensityScorer shipped, PropensityScorer uncalibrated, PropensityScorer candidate) {
        static Scorers of(PropensityScorer shipped) {
            return new Scorers(shipped, null, null);
        }
    }

    /**
     * Every test example's scores, for the report's curves and slices.
     *
     * @param rows the example row of each entry, in row order
     * @param uncalibrated the booster's own probabilities; the same array as {@code propensity} when uncalibrated
     * @param candidate the fitted calibration's propensities, or {@code null} when none was fitted
     */
    record TestScores(int[] rows, double[] propensity, double[] uncalibrated, double[] candidate, boolean[] labels,
            boolean[] sessionLevel, double[] hasCart) {
        int size() {
            return rows.length;
        }
    }

    /** The metrics bundle.json records and the scores they came from. */
    record Evaluation(Map<String, Map<String, Double>> metrics, TestScores scores) {}

    /** Scores {@code rows} rows of {@code chunk} into {@code p} from index {@code at}. */
    private static void scoreChunk(PropensityScorer scorer, float[] chunk, int rows, int width, double[] p, int at) {
        float[] predictions = new float[rows];
        scorer.predictBatch(chunk, rows, width, predictions);
        for (int k = 0; k < rows; k++) {
            p[at + k] = predictions[k];
        }
    }

    private static Evaluation evaluate(ExampleSet examples, TemporalSplit split, Scorers scorers) {
        int n = 0;
        int sessions = 0;
        for (int r = 0; r < examples.rows(); r++) {
            if (split.sideOfRow(examples, r) == TemporalSplit.Side.TEST) {
                n++;
                if (examples.isLastOfSession(r)) {
                    sessions++;
                }
            }
        }
        int w = examples.width();
        int[] rows = new int[n];
        boolean[] labels = new boolean[n];
        boolean[] sessionLevel = new boolean[n];
        double[] hasCart = new double[n];
        double[] p = new double[n];
        PropensityScorer uncalibratedScorer = distinct(scorers.uncalibrated(), scorers.shipped());
        PropensityScorer candidateScorer = scorers.candidate();
        double[] uncalibrated = uncalibratedScorer == null ? p : new double[n];
        double[] candidate = candidateScorer == null ? null : candidateScorer == scorers.shipped() ? p : new double[n];
        // Scored a chunk at a time: the test period can hold millions of rows (docs/BENCHMARKS.md, trainer at scale).
        float[] chunk = new float[EVALUATION_CHUNK_ROWS * w];
        int inChunk = 0;
        int i = 0;
        for (int r = 0; r < examples.rows(); r++) {
            if (split.sideOfRow(examples, r) != TemporalSplit.Side.TEST) {
                continue;
            }
            examples.copyRow(r, chunk, inChunk * w);
            rows[i] = r;
            labels[i] = examples.label(r);
            sessionLevel[i] = examples.isLastOfSession(r);
            hasCart[i] = examples.feature(r, FeatureSchema.CART_COUNT) > 0 ? 1 : 0;
            i++;
            if (++inChunk == EVALUATION_CHUNK_ROWS || i == n) {
                scoreChunk(scorers.shipped(), chunk, inChunk, w, p, i - inChunk);
                if (uncalibrated != p) {
                    scoreChunk(uncalibratedScorer, chunk, inChunk, w, uncalibrated, i - inChunk);
                }
                if (candidate != null && candidate != p) {
                    scoreChunk(candidateScorer, chunk, inChunk, w, candidate, i - inChunk);
                }
                inChunk = 0;
            }
        }
        SessionLevel s = new SessionLevel(sessionLevel, sessions);
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        metrics.put("test_events", Metrics.summary(p, labels));
        metrics.put("test_sessions", Metrics.summary(s.of(p), s.of(labels)));
        metrics.put("baseline_has_cart_test_events", Metrics.rankingSummary(hasCart, labels));
        metrics.put("baseline_has_cart_test_sessions", Metrics.rankingSummary(s.of(hasCart), s.of(labels)));
        if (candidate != null) {
            metrics.put("calibration_test", calibrationSummary(uncalibrated, candidate, labels, s));
        }
        return new Evaluation(metrics, new TestScores(rows, p, uncalibrated, candidate, labels, sessionLevel, hasCart));
    }

    /** The test side before and after the fitted calibration, whether the bundle keeps it or not. */
    private static Map<String, Double> calibrationSummary(double[] before, double[] after, boolean[] labels, SessionLevel s) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("ece_uncalibrated", Metrics.ece(before, labels));
        m.put("ece_calibrated", Metrics.ece(after, labels));
        m.put("brier_uncalibrated", Metrics.brier(before, labels));
        m.put("brier_calibrated", Metrics.brier(after, labels));
        m.put("log_loss_uncalibrated", Metrics.logLoss(before, labels));
        m.put("log_loss_calibrated", Metrics.logLoss(after, labels));
        m.put("session_ece_uncalibrated", Metrics.ece(s.of(before), s.of(labels)));
        m.put("session_ece_calibrated", Metrics.ece(s.of(after), s.of(labels)));
        return m;
    }

    private static PropensityScorer distinct(PropensityScorer scorer, PropensityScorer shipped) {
        return scorer == shipped ? null : scorer;
    }

    /** Picks the session-level entries (each test session's last row) out of per-row arrays. */
    private record SessionLevel(boolean[] flags, int count) {
        double[] of(double[] values) {
            double[] out = new double[count];
            int s = 0;
            for (int k = 0; k < flags.length; k++) {
                if (flags[k]) {
                    out[s++] = values[k];
                }
            }
            return out;
        }

        boolean[] of(boolean[] values) {
            boolean[] out = new boolean[count];
            int s = 0;
            for (int k = 0; k < flags.length; k++) {
                if (flags[k]) {
                    out[s++] = values[k];
                }
            }
            return out;
        }
    }
}
