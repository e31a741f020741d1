package io.intentstream.trainer;

import static io.intentstream.trainer.ReportStep.fixed3;
import static io.intentstream.trainer.ReportStep.row;

import io.intentstream.cli.Option;
import io.intentstream.evaluation.Metrics;
import io.intentstream.features.FeatureSchema;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.FeatureImportance;
import io.intentstream.model.ModelBundle;
import io.intentstream.model.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@value ReportStep#FILE} for a user-level target: the test side of the model against its baseline, drawn from
 * the same arrays the bundle's metrics were computed from. Repeat purchase: ranking and reliability. Next purchase:
 * predicted against observed days on the uncensored purchases, and how many were censored.
 */
final class UserTargetReport {
    private static final int TOP_FEATURES = 15;

    /**
     * The test side as the metrics saw it.
     *
     * @param baseline the baseline's probabilities (repeat purchase) or days (next purchase); null without one
     * @param labels repeat purchase: whether the user purchased again within the horizon; else null
     * @param days next purchase: days to the next purchase, or to the end of the data when censored; else null
     * @param censored next purchase: whether no next purchase was seen; else null
     */
    record TestSide(Target target, double[] model, double[] baseline, boolean[] labels, double[] days, boolean[] censored,
            Map<String, Map<String, Double>> metrics) {}

    private UserTargetReport() {}

    /** Section ids of the page for {@code target}, in order, with their headings. */
    static Map<String, String> sections(Target target) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("identity", "Bundle");
        s.put("data", "Data");
        s.put("metrics", "Model and baseline");
        if (target == Target.REPEAT_PURCHASE) {
            s.put("ranking", "Ranking");
            s.put("calibration", "Calibration");
        } else {
            s.put("days", "Predicted and observed days");
        }
        s.put("importance", "Feature importance");
        return s;
    }

    static Path write(ModelBundle bundle, TestSide test, Path directory) throws IOException {
        BundleMetadata meta = bundle.metadata();
        Map<String, String> sections = sections(test.target());
        ReportPage page = new ReportPage("Model " + meta.modelVersion + " (" + meta.target + ")", lead(meta), sections);
        identity(page.section("identity", sections.get("identity")), meta);
        data(page.section("data", sections.get("data")), meta);
        metrics(page.section("metrics", sections.get("metrics")), test.metrics());
        if (test.target() == Target.REPEAT_PURCHASE) {
            ranking(page.section("ranking", "Ranking: ROC and precision-recall (test purchases)"), test);
            calibration(page.section("calibration", "Calibration (test purchases)"), test, meta.calibration != null);
        } else {
            days(page.section("days", "Predicted and observed days to the next purchase (test purchases)"), test);
        }
        importance(page.section("importance", "Feature importance (trees up to the best round)"), bundle);
        Path file = directory.resolve(ReportStep.FILE);
        Files.writeString(file, page.finish(), StandardCharsets.UTF_8);
        return file;
    }

    private static String lead(BundleMetadata meta) {
        String what = Target.REPEAT_PURCHASE.optionName().equals(meta.target)
                ? "at each purchase, the probability that the user purchases again within "
                        + Option.render(Duration.ofMillis(Math.round(meta.horizonDays * 86_400_000d)))
                : "at each purchase, the days until the user's next purchase (the median of the model's distribution)";
        return "A " + meta.target + " model: " + what + ". Test side of a strict temporal split at "
                + meta.training.get("cutoff") + "; every number on this page is in bundle.json.";
    }

    private static void identity(ReportPage page, BundleMetadata meta) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("model_version", meta.modelVersion));
        rows.add(row("target", meta.target));
        rows.add(row("horizon_days", meta.horizonDays));
        rows.add(row("objective", meta.objective));
        rows.add(row("created_at", meta.createdAt));
        rows.add(row("booster_sha256", meta.boosterSha256));
        rows.add(row("xgboost_version", meta.xgboostVersion));
        rows.add(row("feature_schema_version", meta.featureSchemaVersion));
        rows.add(row("num_boosted_rounds / best_iteration", meta.numBoostedRounds + " / " + meta.bestIteration));
        page.table("identity-table", List.of("field", "value"), rows);
    }

    private static void data(ReportPage page, BundleMetadata meta) {
        List<List<Object>> rows = new ArrayList<>();
        meta.training.forEach((k, v) -> rows.add(row(k, v)));
        page.table("data-table", List.of("history and split", "value"), rows);
    }

    /** One row per metric, the model's next to the baseline's, as bundle.json holds them. */
    private static void metrics(ReportPage page, Map<String, Map<String, Double>> metrics) {
        Map<String, Double> model = metrics.getOrDefault("test_purchases", Map.of());
        Map<String, Double> baseline = metrics.entrySet().stream().filter(e -> e.getKey().startsWith("baseline_"))
                .map(Map.Entry::getValue).findFirst().orElse(Map.of());
        String baselineName = metrics.keySet().stream().filter(k -> k.startsWith("baseline_")).findFirst().orElse("baseline");
        List<List<Object>> rows = new ArrayList<>();
        model.forEach((k, v) -> rows.add(row(k, v, baseline.get(k))));
        page.table("metrics-table", List.of("metric (test purchases)", "model", baselineName), rows);
    }

    private static void ranking(ReportPage page, TestSide t) {
        double modelRoc = Metrics.rocAuc(t.model(), t.labels());
        double baseRoc = t.baseline() == null ? Double.NaN : Metrics.rocAuc(t.baseline(), t.labels());
        double modelPr = Metrics.prAuc(t.model(), t.labels());
        double basePr = t.baseline() == null ? Double.NaN : Metrics.prAuc(t.baseline(), t.labels());
        double baseRate = rate(t.labels());
        List<Charts.Line> roc = new ArrayList<>(List.of(
                Charts.Line.of("model (AUC " + fixed3(modelRoc) + ")", Curves.roc(t.model(), t.labels()))));
        List<Charts.Line> pr = new ArrayList<>(List.of(
                Charts.Line.of("model (AP " + fixed3(modelPr) + ")", Curves.precisionRecall(t.model(), t.labels()))));
        if (t.baseline() != null) {
            roc.add(Charts.Line.of("has purchased before (AUC " + fixed3(baseRoc) + ")", Curves.roc(t.baseline(), t.labels())));
            pr.add(Charts.Line.of("has purchased before (AP " + fixed3(basePr) + ")",
                    Curves.precisionRecall(t.baseline(), t.labels())));
        }
        roc.add(new Charts.Line("chance", new double[] {0, 1}, new double[] {0, 1}, true, false));
        pr.add(new Charts.Line("base rate " + fixed3(baseRate), new double[] {0, 1}, new double[] {baseRate, baseRate},
                true, false));
        page.openFigures()
                .figure("fig-roc", Charts.lines("roc", "ROC curve", "false positive rate", "true positive rate", roc,
                                Double.NaN, null, 1),
                        "ROC over the test purchases: model AUC " + fixed3(modelRoc) + ", has-purchased-before "
                                + fixed3(baseRoc) + ".", data("model-roc-auc", modelRoc, "baseline-roc-auc", baseRoc))
                .figure("fig-pr", Charts.lines("pr", "Precision-recall curve", "recall", "precision", pr, Double.NaN,
                                null, 1),
                        "Precision-recall over the test purchases: model average precision " + fixed3(modelPr)
                                + ", has-purchased-before " + fixed3(basePr) + ", base rate " + fixed3(baseRate) + ".",
                        data("model-pr-auc", modelPr, "baseline-pr-auc", basePr, "base-rate", baseRate))
                .closeFigures();
    }

    private static void calibration(ReportPage page, TestSide t, boolean calibrated) {
        Metrics.Reliability model = Metrics.reliability(t.model(), t.labels(), Metrics.CALIBRATION_BINS);
        List<Charts.Line> lines = new ArrayList<>();
        lines.add(new Charts.Line("model (ECE " + fixed3(model.ece()) + ")", model.meanPredicted(), model.observedRate(),
                false, true));
        double baselineEce = Double.NaN;
        if (t.baseline() != null) {
            Metrics.Reliability base = Metrics.reliability(t.baseline(), t.labels(), Metrics.CALIBRATION_BINS);
            baselineEce = base.ece();
            lines.add(new Charts.Line("has purchased before (ECE " + fixed3(baselineEce) + ")", base.meanPredicted(),
                    base.observedRate(), false, true));
        }
        lines.add(new Charts.Line("perfect calibration", new double[] {0, 1}, new double[] {0, 1}, true, false));
        page.openFigures()
                .figure("fig-reliability", Charts.lines("reliability", "Reliability", "mean predicted probability "
                                + "(equal-mass bins)", "observed repeat rate", lines, Double.NaN, null, 1),
                        "Reliability over " + Metrics.CALIBRATION_BINS + " equal-mass bins of the test purchases: "
                                + "expected calibration error " + fixed3(model.ece()) + " for the model ("
                                + (calibrated ? "calibrated" : "not calibrated: it did not help on the validation side")
                                + "), "
                                + fixed3(baselineEce) + " for the baseline.",
                        data("ece", model.ece(), "baseline-ece", baselineEce))
                .closeFigures();
    }

    /**
     * The uncensored test purchases in ten equal-mass bins of predicted days: the mean predicted and the mean observed
     * days of each bin. Censored purchases have no observed time, so they are counted, not drawn.
     */
    private static void days(ReportPage page, TestSide t) {
        int n = 0;
        for (boolean c : t.censored()) {
            n += c ? 0 : 1;
        }
        double[] predicted = new double[n];
        double[] observed = new double[n];
        for (int k = 0, j = 0; k < t.model().length; k++) {
            if (!t.censored()[k]) {
                predicted[j] = t.model()[k];
                observed[j++] = t.days()[k];
            }
        }
        double[][] model = binnedMeans(predicted, observed);
        List<Charts.Line> lines = new ArrayList<>();
        lines.add(new Charts.Line("model", model[0], model[1], false, true));
        if (t.baseline() != null) {
            double[] base = new double[n];
            for (int k = 0, j = 0; k < t.model().length; k++) {
                if (!t.censored()[k]) {
                    base[j++] = t.baseline()[k];
                }
            }
            double[][] b = binnedMeans(base, observed);
            lines.add(new Charts.Line("user's mean gap so far", b[0], b[1], false, true));
        }
        double top = 1;
        for (Charts.Line l : lines) {
            for (int i = 0; i < l.x().length; i++) {
                top = Math.max(top, Math.max(l.x()[i], l.y()[i]));
            }
        }
        lines.add(new Charts.Line("predicted = observed", new double[] {0, top}, new double[] {0, top}, true, false));
        Map<String, Double> m = t.metrics().getOrDefault("test_purchases", Map.of());
        double cIndex = m.getOrDefault("c_index", Double.NaN);
        double mae = m.getOrDefault("mae_uncensored_days", Double.NaN);
        page.openFigures()
                .figure("fig-days", Charts.lines("days", "Predicted and observed days (uncensored)",
                                "mean predicted days (equal-mass bins)", "mean observed days", lines, Double.NaN, null,
                                Double.NaN),
                        "The " + n + " uncensored test purchases in equal-mass bins of predicted days; "
                                + (t.model().length - n) + " censored ones (no next purchase by the end of the data) are "
                                + "in the concordance index (" + fixed3(cIndex) + ") but not here. MAE "
                                + fixed3(mae) + " days.",
                        data("c-index", cIndex, "mae-uncensored-days", mae, "uncensored", n, "censored",
                                t.model().length - n))
                .closeFigures();
    }

    /** Mean x and mean y over ten equal-mass bins of x. */
    private static double[][] binnedMeans(double[] x, double[] y) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
        int bins = Math.max(1, Math.min(Metrics.CALIBRATION_BINS, x.length));
        double[][] out = new double[2][bins];
        for (int b = 0; b < bins; b++) {
            int from = (int) ((long) b * x.length / bins);
            int to = (int) ((long) (b + 1) * x.length / bins);
            double sx = 0;
            double sy = 0;
            for (int k = from; k < to; k++) {
                sx += x[order[k]];
                sy += y[order[k]];
            }
            out[0][b] = to == from ? Double.NaN : sx / (to - from);
            out[1][b] = to == from ? Double.NaN : sy / (to - from);
        }
        return out;
    }

    private static void importance(ReportPage page, ModelBundle bundle) {
        List<String> names = bundle.metadata().featureNames;
        Map<String, Double> top = new LinkedHashMap<>();
        FeatureImportance.of(bundle).stream().filter(e -> Double.isFinite(e.gain()))
                .sorted(Comparator.comparingDouble(FeatureImportance.Entry::gain).reversed()).limit(TOP_FEATURES)
                .forEach(e -> top.put(e.feature() < names.size() ? names.get(e.feature()) : FeatureSchema.names().get(e.feature()),
                        e.gain()));
        String first = top.isEmpty() ? "none" : top.keySet().iterator().next();
        page.openFigures()
                .figure("fig-importance-gain", Charts.bars("importance-gain", "Mean gain per split", null, "gain",
                                Map.of("gain", top), true, 420),
                        "XGBoost's gain importance (mean over the splits on the feature), top " + top.size()
                                + "; the largest is " + first + ".",
                        data("top-feature", first))
                .closeFigures();
    }

    private static double rate(boolean[] labels) {
        int positives = 0;
        for (boolean l : labels) {
            positives += l ? 1 : 0;
        }
        return labels.length == 0 ? Double.NaN : positives / (double) labels.length;
    }

    private static Map<String, Object> data(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
