package io.intentstream.trainer;

import io.intentstream.cli.Progress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Trains an XGBoost binary classifier with early stopping on a validation set; native errors get context. */
public final class BoosterTraining {
    private static final Logger LOG = LoggerFactory.getLogger(BoosterTraining.class);

    private BoosterTraining() {}

    /**
     * A trained booster and its evaluation history.
     *
     * @param metric the evaluation metric's name, e.g. {@code logloss}
     * @param trainHistory the metric on the train matrix after each round run
     * @param validationHistory the same on the validation matrix, or {@code null} without one
     */
    public record Boosted(Booster booster, String metric, float[] trainHistory, float[] validationHistory) {
        public int roundsRun() {
            return trainHistory.length;
        }
    }

    public static DMatrix matrix(float[] rows, float[] labels, int width) {
        try {
            DMatrix m = new DMatrix(rows, labels.length, width, Float.NaN);
            m.setLabel(labels);
            return m;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not build a matrix of " + labels.length + " rows x " + width
                    + " features: " + e.getMessage(), e);
        }
    }

    /**
     * Trains for up to {@code rounds} rounds; with a validation matrix, stops after {@code earlyStoppingRounds}
     * rounds without improvement of its log loss (the booster then records {@code best_iteration}).
     *
     * <p>The rounds are run here, one {@code Booster.update} and {@code evalSet} at a time exactly as
     * {@code XGBoost.train} runs them (same calls, same early-stopping rule, same {@code best_iteration} and
     * {@code best_score} attributes), so that each round can move a progress bar and its evaluation line goes to
     * the debug log instead of standard output. {@code XGBoost.train} with zero rounds only creates the booster
     * with the matrices cached, as it would before its first round.
     */
    public static Boosted train(Map<String, Object> params, DMatrix train, DMatrix validation, int rounds,
            int earlyStoppingRounds) {
        // XGBoost4J stops early on the last entry of the watch map, so validation goes last.
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train);
        if (validation != null) {
            watches.put("validation", validation);
        }
        String[] names = watches.keySet().toArray(new String[0]);
        DMatrix[] matrices = watches.values().toArray(new DMatrix[0]);
        int patience = validation == null ? 0 : earlyStoppingRounds;
        Booster booster;
        try {
            booster = XGBoost.train(train, params, 0, watches, null, null, null, 0);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training failed with parameters " + params + ": " + e.getMessage(), e);
        }
        float[][] history = new float[names.length][rounds];
        int run = 0;
        String metric = "unknown";
        try (Progress progress = Progress.start("boosting", rounds, "rounds")) {
            int best = 0;
            float bestScore = 0;
            boolean maximize = false;
            for (int iter = 0; iter < rounds; iter++) {
                booster.update(train, iter);
                float[] scores = new float[names.length];
                String line = booster.evalSet(matrices, names, iter, scores);
                LOG.debug("{}", line);
                if (iter == 0) {
                    metric = metric(line, names[0]);
                    maximize = XGBoost.isMaximizeEvaluation(line, names, params);
                    bestScore = maximize ? -Float.MAX_VALUE : Float.MAX_VALUE;
                }
                for (int w = 0; w < names.length; w++) {
                    history[w][iter] = scores[w];
                }
                run = iter + 1;
                float score = scores[scores.length - 1];
                if (maximize ? score > bestScore : score < bestScore) {
                    bestScore = score;
                    best = iter;
                    booster.setAttr("best_iteration", String.valueOf(best));
                    booster.setAttr("best_score", String.valueOf(bestScore));
                }
                progress.note(String.format(Locale.ROOT, "%s %s %.4f, best round %d", names[names.length - 1], metric,
                        scores[scores.length - 1], best));
                progress.stepTo(run);
                if (patience > 0 && iter - best >= patience) {
                    LOG.debug("early stopping after {} rounds away from the best iteration", patience);
                    progress.maxHint(run);
                    break;
                }
            }
            return new Boosted(booster, metric, Arrays.copyOf(history[0], run),
                    validation == null ? null : Arrays.copyOf(history[names.length - 1], run));
        } catch (XGBoostError e) {
            booster.dispose();
            throw new IllegalStateException("XGBoost training failed at round " + run + " with parameters " + params + ": "
                    + e.getMessage(), e);
        }
    }

    /** The metric's name in an evaluation line such as {@code [3]\ttrain-logloss:0.52\tvalidation-logloss:0.55}. */
    static String metric(String evalLine, String firstWatch) {
        int start = evalLine.indexOf(firstWatch + "-");
        int end = start < 0 ? -1 : evalLine.indexOf(':', start);
        return end < 0 ? "unknown" : evalLine.substring(start + firstWatch.length() + 1, end);
    }

    /** The best round recorded by early stopping, or the last round. */
    public static int bestIteration(Booster booster) {
        try {
            String best = booster.getAttr("best_iteration");
            return best != null ? Integer.parseInt(best) : booster.getNumBoostedRound() - 1;
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot read best_iteration from the booster: " + e.getMessage(), e);
        }
    }

    /** The rounds the booster holds, including those after the best iteration. */
    public static int rounds(Booster booster) {
        try {
            return booster.getNumBoostedRound();
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot read the number of rounds from the booster: " + e.getMessage(), e);
        }
    }

    public static byte[] toJson(Booster booster) {
        try {
            return booster.toByteArray("json");
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot serialise the booster as JSON: " + e.getMessage(), e);
        }
    }
}
