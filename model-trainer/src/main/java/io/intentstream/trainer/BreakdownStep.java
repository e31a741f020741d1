package io.intentstream.trainer;

import io.intentstream.evaluation.Metrics;
import io.intentstream.features.FeatureSchema;
import io.intentstream.model.FeatureImportance;
import io.intentstream.model.ModelBundle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Step 6 of training: the test results broken down for the report and kept in bundle.json's {@code evaluation}
 * section: reliability bins, AUC by the number of events seen so far, session-level metrics by slice, feature
 * importance and the boosting curve. Everything is computed from what the earlier steps kept (scores, the
 * examples' features and session attributes, the evaluation history of training); nothing is read again.
 */
final class BreakdownStep {
    /** "After k events": the early-prediction points of the report. */
    static final int[] EVENTS_SEEN = {1, 2, 3, 5, 10};
    /** Upper bounds of the session-length buckets (events before the first purchase); the last is open. */
    private static final int[] LENGTH_BOUNDS = {1, 2, 5, 10, 20};

    private BreakdownStep() {}

    static Map<String, Object> run(ExampleSet examples, EvaluateStep.TestScores scores, ModelBundle bundle,
            TrainStep.History history) {
        return run(examples, scores, history, bundle.metadata().bestIteration, importance(bundle));
    }

    /** @param importance bundle.json's {@code feature_importance} entries */
    static Map<String, Object> run(ExampleSet examples, EvaluateStep.TestScores scores, TrainStep.History history,
            Integer bestIteration, List<Map<String, Object>> importance) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("reliability", reliability(scores));
        e.put("auc_by_events_seen", byEventsSeen(examples, scores));
        e.put("slices", slices(examples, scores));
        e.put("lift_by_decile", lift(scores));
        e.put("feature_importance", importance);
        Map<String, Object> boosting = new LinkedHashMap<>();
        boosting.put("metric", history.metric());
        boosting.put("train", toList(history.train()));
        boosting.put("validation", history.validation() == null ? null : toList(history.validation()));
        boosting.put("best_iteration", bestIteration);
        e.put("boosting", boosting);
        return e;
    }

    /** Equal-mass bins of the test events' propensities, as shipped and before calibration. */
    private static Map<String, Object> reliability(EvaluateStep.TestScores scores) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bins", Metrics.CALIBRATION_BINS);
        r.put("propensity", bins(Metrics.reliability(scores.propensity(), scores.labels(), Metrics.CALIBRATION_BINS)));
        if (scores.uncalibrated() != scores.propensity()) {
            r.put("uncalibrated", bins(Metrics.reliability(scores.uncalibrated(), scores.labels(), Metrics.CALIBRATION_BINS)));
        }
        return r;
    }

    private static Map<String, Object> bins(Metrics.Reliability r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean_predicted", toList(r.meanPredicted()));
        m.put("observed_rate", toList(r.observedRate()));
        List<Integer> counts = new ArrayList<>();
        for (int c : r.examples()) {
            counts.add(c);
        }
        m.put("examples", counts);
        m.put("ece", finite(r.ece()));
        return m;
    }

    /** Test examples at exactly the k-th event of their session: how well the model knows after k events. */
    private static List<Map<String, Object>> byEventsSeen(ExampleSet examples, EvaluateStep.TestScores scores) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int k : EVENTS_SEEN) {
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < scores.size(); i++) {
                if (examples.feature(scores.rows()[i], FeatureSchema.EVENT_COUNT) == k) {
                    at.add(i);
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("events", k);
            m.putAll(rankingFigures(at, scores, scores.propensity(), "roc_auc"));
            m.put("baseline_roc_auc", finite(Metrics.rocAuc(pick(at, scores.hasCart()), pick(at, scores.labels()))));
            out.add(m);
        }
        return out;
    }

    /**
     * Session-level metrics (each test session scored at its last event before the first purchase) by device,
     * channel, session length, hour of day and whether the user was seen before in the history.
     */
    private static List<Map<String, Object>> slices(ExampleSet examples, EvaluateStep.TestScores scores) {
        List<Map<String, Object>> out = new ArrayList<>();
        addSlices(out, "device", scores, i -> examples.sessionDevice(examples.sessionOf(scores.rows()[i])));
        addSlices(out, "channel", scores, i -> examples.sessionChannel(examples.sessionOf(scores.rows()[i])));
        addSlices(out, "session_length", scores, i -> lengthBucket((int) examples.feature(scores.rows()[i],
                FeatureSchema.EVENT_COUNT)));
        addSlices(out, "hour_of_day", scores, i -> hourBucket((int) examples.feature(scores.rows()[i],
                FeatureSchema.HOUR_OF_DAY)));
        addSlices(out, "user", scores, i -> examples.sessionReturning(examples.sessionOf(scores.rows()[i]))
                ? "seen before" : "first seen");
        return out;
    }

    private static void addSlices(List<Map<String, Object>> out, String dimension, EvaluateStep.TestScores scores,
            IntFunction<String> valueOf) {
        // TreeMap: slices in a stable order (bucket labels are chosen to sort in their natural order).
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < scores.size(); i++) {
            if (scores.sessionLevel()[i]) {
                groups.computeIfAbsent(valueOf.apply(i), v -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dimension", dimension);
            m.put("value", g.getKey());
            List<Integer> at = g.getValue();
            m.put("sessions", at.size());
            m.putAll(rankingFigures(at, scores, scores.propensity(), "roc_auc"));
            m.put("pr_auc", finite(Metrics.prAuc(pick(at, scores.propensity()), pick(at, scores.labels()))));
            double[] p = pick(at, scores.propensity());
            double mean = 0;
            for (double v : p) {
                mean += v;
            }
            m.put("mean_propensity", at.isEmpty() ? null : mean / at.size());
            out.add(m);
        }
    }

    private static Map<String, Object> rankingFigures(List<Integer> at, EvaluateStep.TestScores scores, double[] p,
            String aucName) {
        boolean[] labels = pick(at, scores.labels());
        long positives = 0;
        for (boolean l : labels) {
            positives += l ? 1 : 0;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("examples", at.size());
        m.put("converted", positives);
        m.put("base_rate", at.isEmpty() ? null : positives / (double) at.size());
        m.put(aucName, finite(Metrics.rocAuc(pick(at, p), labels)));
        return m;
    }

    /** Lift of the session-level scores over the test sessions' conversion rate, at 10%, 20%, ... targeted. */
    private static Map<String, Object> lift(EvaluateStep.TestScores scores) {
        List<Integer> sessions = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            if (scores.sessionLevel()[i]) {
                sessions.add(i);
            }
        }
        boolean[] labels = pick(sessions, scores.labels());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", toList(Curves.liftByDecile(pick(sessions, scores.propensity()), labels)));
        m.put("baseline_has_cart", toList(Curves.liftByDecile(pick(sessions, scores.hasCart()), labels)));
        return m;
    }

    static String lengthBucket(int events) {
        int lower = 1;
        for (int bound : LENGTH_BOUNDS) {
            if (events <= bound) {
                // Zero-padded so that the buckets sort in order.
                return lower == bound ? String.format("%02d", bound) : String.format("%02d-%02d", lower, bound);
            }
            lower = bound + 1;
        }
        return String.format("%02d+", lower);
    }

    static String hourBucket(int hour) {
        int from = hour / 6 * 6;
        return String.format("%02d-%02d h", from, from + 5);
    }

    private static List<Map<String, Object>> importance(ModelBundle bundle) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FeatureImportance.Entry entry : FeatureImportance.of(bundle)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", bundle.metadata().featureNames.get(entry.feature()));
            m.put("weight", entry.weight());
            m.put("gain", finite(entry.gain()));
            m.put("cover", finite(entry.cover()));
            m.put("total_gain", entry.totalGain());
            m.put("total_cover", entry.totalCover());
            out.add(m);
        }
        return out;
    }

    /** JSON has no NaN: an undefined figure (an AUC with one class absent) is written as null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<Double> toList(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(finite(v));
        }
        return out;
    }

    private static List<Double> toList(float[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(finite(v));
        }
        return out;
    }

    private static double[] pick(List<Integer> at, double[] values) {
        double[] out = new double[at.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = values[at.get(k)];
        }
        return out;
    }

    private static boolean[] pick(List<Integer> at, boolean[] values) {
        boolean[] out = new boolean[at.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = values[at.get(k)];
        }
        return out;
    }
}
