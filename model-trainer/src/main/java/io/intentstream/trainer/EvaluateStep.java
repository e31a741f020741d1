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
 * Step 4 of training, test-set evaluation: the model over every prefix example and at session level (the
 * score at the last event before the first purchase, or at the session's last event), next to the "session
 * has a cart" heuristic on the same examples; with a generator's ground truth, also next to the oracle.
 */
final class EvaluateStep {
    private EvaluateStep() {}

    /**
     * The metrics bundle.json records, by group ({@code test_events}, {@code test_sessions}, the baselines and,
     * with {@code truth}, the oracle groups).
     *
     * @param truth a generator's ground truth, or {@code null}
     */
    static Map<String, Map<String, Double>> run(ExampleSet examples, TemporalSplit split, PropensityScorer scorer,
            GroundTruth truth) {
        Map<String, Map<String, Double>> metrics = evaluate(examples, split, scorer);
        if (truth != null) {
            metrics.putAll(oracle(examples, split, truth, scorer));
        }
        return metrics;
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

    /** Scores {@code rows} rows of {@code chunk} into {@code p} from index {@code at}. */
    private static void scoreChunk(PropensityScorer scorer, float[] chunk, int rows, int width, double[] p, int at) {
        float[] predictions = new float[rows];
        scorer.predictBatch(chunk, rows, width, predictions);
        for (int k = 0; k < rows; k++) {
            p[at + k] = predictions[k];
        }
    }

    private static Map<String, Map<String, Double>> evaluate(ExampleSet examples, TemporalSplit split, PropensityScorer scorer) {
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
        boolean[] labels = new boolean[n];
        boolean[] sessionLevel = new boolean[n];
        double[] hasCart = new double[n];
        double[] p = new double[n];
        // Scored a chunk at a time: the test period can hold millions of rows (docs/BENCHMARKS.md, trainer at scale).
        float[] chunk = new float[EVALUATION_CHUNK_ROWS * w];
        int inChunk = 0;
        int i = 0;
        for (int r = 0; r < examples.rows(); r++) {
            if (split.sideOfRow(examples, r) != TemporalSplit.Side.TEST) {
                continue;
            }
            examples.copyRow(r, chunk, inChunk * w);
            labels[i] = examples.label(r);
            sessionLevel[i] = examples.isLastOfSession(r);
            hasCart[i] = examples.feature(r, FeatureSchema.CART_COUNT) > 0 ? 1 : 0;
            i++;
            if (++inChunk == EVALUATION_CHUNK_ROWS) {
                scoreChunk(scorer, chunk, inChunk, w, p, i - inChunk);
                inChunk = 0;
            }
        }
        if (inChunk > 0) {
            scoreChunk(scorer, chunk, inChunk, w, p, i - inChunk);
        }
        double[] sp = new double[sessions];
        boolean[] sl = new boolean[sessions];
        double[] sc = new double[sessions];
        int s = 0;
        for (int k = 0; k < n; k++) {
            if (sessionLevel[k]) {
                sp[s] = p[k];
                sl[s] = labels[k];
                sc[s] = hasCart[k];
                s++;
            }
        }
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        metrics.put("test_events", Metrics.summary(p, labels));
        metrics.put("test_sessions", Metrics.summary(sp, sl));
        metrics.put("baseline_has_cart_test_events", Metrics.rankingSummary(hasCart, labels));
        metrics.put("baseline_has_cart_test_sessions", Metrics.rankingSummary(sc, sl));
        return metrics;
    }
}
