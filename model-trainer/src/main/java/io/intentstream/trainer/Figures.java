package io.intentstream.trainer;

import static io.intentstream.trainer.ReportStep.doubles;
import static io.intentstream.trainer.ReportStep.fixed3;
import static io.intentstream.trainer.ReportStep.list;
import static io.intentstream.trainer.ReportStep.map;
import static io.intentstream.trainer.ReportStep.number;

import io.intentstream.model.BundleMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's figures: each is drawn from the test scores or from bundle.json, and carries the bundle.json
 * figures its caption quotes as {@code data-*} attributes.
 */
final class Figures {
    private static final int TOP_FEATURES = 15;

    private final BundleMetadata meta;
    private final EvaluateStep.TestScores scores;
    private final Map<String, Object> evaluation;
    /** Session-level entries (each test session's score at its last event before the first purchase). */
    private final double[] sessionP;
    private final double[] sessionCart;
    private final boolean[] sessionLabels;

    Figures(BundleMetadata meta, EvaluateStep.TestScores scores) {
        this.meta = meta;
        this.scores = scores;
        this.evaluation = meta.evaluation == null ? Map.of() : meta.evaluation;
        int n = 0;
        for (boolean s : scores.sessionLevel()) {
            n += s ? 1 : 0;
        }
        sessionP = new double[n];
        sessionCart = new double[n];
        sessionLabels = new boolean[n];
        int k = 0;
        for (int i = 0; i < scores.size(); i++) {
            if (scores.sessionLevel()[i]) {
                sessionP[k] = scores.propensity()[i];
                sessionCart[k] = scores.hasCart()[i];
                sessionLabels[k++] = scores.labels()[i];
            }
        }
    }

    private double metric(String group, String name) {
        Map<String, Double> g = meta.metrics.get(group);
        Double v = g == null ? null : g.get(name);
        return v == null ? Double.NaN : v;
    }

    void ranking(ReportPage page) {
        double modelRoc = metric("test_sessions", "roc_auc");
        double cartRoc = metric("baseline_has_cart_test_sessions", "roc_auc");
        double modelPr = metric("test_sessions", "pr_auc");
        double cartPr = metric("baseline_has_cart_test_sessions", "pr_auc");
        double baseRate = metric("test_sessions", "base_rate");
        String roc = Charts.lines("roc", "ROC curve", "false positive rate", "true positive rate", List.of(
                Charts.Line.of("model (AUC " + fixed3(modelRoc) + ")", Curves.roc(sessionP, sessionLabels)),
                Charts.Line.of("has cart (AUC " + fixed3(cartRoc) + ")", Curves.roc(sessionCart, sessionLabels)),
                new Charts.Line("chance", new double[] {0, 1}, new double[] {0, 1}, true, false)),
                Double.NaN, null, 1);
        String pr = Charts.lines("pr", "Precision-recall curve", "recall", "precision", List.of(
                Charts.Line.of("model (AP " + fixed3(modelPr) + ")", Curves.precisionRecall(sessionP, sessionLabels)),
                Charts.Line.of("has cart (AP " + fixed3(cartPr) + ")", Curves.precisionRecall(sessionCart, sessionLabels)),
                new Charts.Line("base rate " + fixed3(baseRate), new double[] {0, 1}, new double[] {baseRate, baseRate},
                        true, false)),
                Double.NaN, null, 1);
        page.openFigures()
                .figure("fig-roc", roc, "Session-level ROC: model AUC " + fixed3(modelRoc) + ", has-cart heuristic "
                        + fixed3(cartRoc) + ".", data("model-roc-auc", modelRoc, "baseline-roc-auc", cartRoc))
                .figure("fig-pr", pr, "Session-level precision-recall: model average precision " + fixed3(modelPr)
                        + ", has-cart " + fixed3(cartPr) + ", base rate " + fixed3(baseRate) + ".",
                        data("model-pr-auc", modelPr, "baseline-pr-auc", cartPr, "base-rate", baseRate))
                .closeFigures();
    }

    void calibration(ReportPage page) {
        Map<String, Object> reliability = map(evaluation.get("reliability"));
        Map<String, Object> shipped = map(reliability.get("propensity"));
        Map<String, Object> raw = map(reliability.get("uncalibrated"));
        double ece = metric("test_events", "ece");
        double brier = metric("test_events", "brier");
        List<Charts.Line> lines = new ArrayList<>();
        String shippedName = meta.calibration == null ? "propensity (model's sigmoid)" : "propensity (calibrated)";
        lines.add(new Charts.Line(shippedName, doubles(shipped.get("mean_predicted")), doubles(shipped.get("observed_rate")),
                false, true));
        if (!raw.isEmpty()) {
            lines.add(new Charts.Line("before calibration", doubles(raw.get("mean_predicted")),
                    doubles(raw.get("observed_rate")), false, true));
        }
        double top = 0.05;
        for (Charts.Line l : lines) {
            for (int i = 0; i < l.x().length; i++) {
                top = Math.max(top, Math.max(l.x()[i], Double.isFinite(l.y()[i]) ? l.y()[i] : 0));
            }
        }
        top = Math.min(1, Math.ceil(top * 1.1 * 20) / 20);
        lines.add(new Charts.Line("perfect calibration", new double[] {0, 1}, new double[] {0, 1}, true, false));
        String svg = Charts.lines("reliability", "Reliability (ECE " + fixed3(ece) + ", Brier " + fixed3(brier) + ")",
                "mean predicted propensity (equal-mass bins)", "observed purchase rate", lines, Double.NaN, null, top);
        page.openFigures().figure("fig-reliability", svg, "Reliability diagram over " + (int) number(reliability.get("bins"))
                        + " equal-mass bins of the test events: expected calibration error " + fixed3(ece) + ", Brier score "
                        + fixed3(brier) + ".", data("ece", ece, "brier", brier))
                .closeFigures();
    }

    void distributions(ReportPage page) {
        // Primitive arrays: the test side can hold millions of events.
        int positives = 0;
        double max = 0;
        for (int i = 0; i < scores.size(); i++) {
            positives += scores.labels()[i] ? 1 : 0;
            max = Math.max(max, scores.propensity()[i]);
        }
        double[] converted = new double[positives];
        double[] not = new double[scores.size() - positives];
        int c = 0;
        int o = 0;
        for (int i = 0; i < scores.size(); i++) {
            if (scores.labels()[i]) {
                converted[c++] = scores.propensity()[i];
            } else {
                not[o++] = scores.propensity()[i];
            }
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("session purchases later (" + converted.length + ")", converted);
        series.put("no purchase (" + not.length + ")", not);
        String svg = Charts.histogram("histogram", "Propensity by outcome", "propensity", series, 40,
                Math.max(0.05, Math.ceil(max * 20) / 20));
        page.openFigures().figure("fig-histogram", svg, "Test events' propensities, each outcome as shares of its own "
                        + "events; the more the two shapes differ, the better the model separates them.",
                        data("examples", scores.size(), "converted", converted.length))
                .closeFigures();
    }

    void gain(ReportPage page) {
        Map<String, Object> lift = map(evaluation.get("lift_by_decile"));
        double[] modelLift = doubles(lift.get("model"));
        double[] cartLift = doubles(lift.get("baseline_has_cart"));
        String gain = Charts.lines("gain", "Cumulative gain", "share of sessions targeted (highest score first)",
                "share of purchasing sessions reached", List.of(
                        Charts.Line.of("model", Curves.gain(sessionP, sessionLabels)),
                        Charts.Line.of("has cart", Curves.gain(sessionCart, sessionLabels)),
                        new Charts.Line("random", new double[] {0, 1}, new double[] {0, 1}, true, false)),
                Double.NaN, null, 1);
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        bars.put("model", decileMap(modelLift));
        bars.put("has cart", decileMap(cartLift));
        String liftSvg = Charts.bars("lift", "Lift over the base rate", "top share of sessions", "lift", bars, false,
                Charts.HEIGHT);
        double at10 = modelLift.length > 0 ? modelLift[0] : Double.NaN;
        page.openFigures()
                .figure("fig-gain", gain, "Purchasing test sessions reached when targeting the highest-scored share.",
                        data())
                .figure("fig-lift", liftSvg, "Purchase rate in the top share over the overall rate: the top 10% by "
                        + "model score purchase " + fixed3(at10) + " times as often.", data("lift-top-10", at10))
                .closeFigures();
    }

    void early(ReportPage page) {
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        bars.put("model", new LinkedHashMap<>());
        bars.put("has cart", new LinkedHashMap<>());
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map<String, Object> k : list(evaluation.get("auc_by_events_seen"))) {
            String label = "after " + k.get("events");
            bars.get("model").put(label, number(k.get("roc_auc")));
            bars.get("has cart").put(label, number(k.get("baseline_roc_auc")));
            attributes.put("roc-auc-after-" + k.get("events"), number(k.get("roc_auc")));
        }
        String svg = Charts.bars("early", "ROC AUC by events seen so far", "events seen in the session", "ROC AUC", bars,
                false, Charts.HEIGHT);
        page.openFigures().figure("fig-early", svg, "Test events at exactly the k-th event of their session: how well "
                + "the model ranks sessions that early. No bar where the AUC is undefined: none (or all) of the "
                + "sessions that reached that event purchase.", attributes).closeFigures();
    }

    void importance(ReportPage page) {
        List<Map<String, Object>> entries = new ArrayList<>(list(evaluation.get("feature_importance")));
        page.openFigures();
        for (String measure : List.of("gain", "cover")) {
            entries.sort(Comparator.comparingDouble((Map<String, Object> e) -> {
                double v = number(e.get(measure));
                return Double.isFinite(v) ? -v : Double.MAX_VALUE;
            }));
            Map<String, Double> top = new LinkedHashMap<>();
            for (Map<String, Object> e : entries.subList(0, Math.min(TOP_FEATURES, entries.size()))) {
                if (Double.isFinite(number(e.get(measure)))) {
                    top.put((String) e.get("feature"), number(e.get(measure)));
                }
            }
            String svg = Charts.bars("importance-" + measure, "Mean " + measure + " per split", null, measure,
                    Map.of(measure, top), true, 420);
            String first = top.isEmpty() ? "none" : top.keySet().iterator().next();
            page.figure("fig-importance-" + measure, svg, "XGBoost's " + measure + " importance (mean over the splits on "
                    + "the feature), top " + top.size() + "; the largest is " + first + ".",
                    data("top-feature", first, "top-" + measure, top.isEmpty() ? Double.NaN : top.get(first)));
        }
        page.closeFigures();
    }

    void boosting(ReportPage page) {
        Map<String, Object> b = map(evaluation.get("boosting"));
        double[] train = doubles(b.get("train"));
        double[] validation = doubles(b.get("validation"));
        double best = number(b.get("best_iteration"));
        String metric = String.valueOf(b.get("metric"));
        List<Charts.Line> lines = new ArrayList<>();
        lines.add(new Charts.Line("train", rounds(train.length), train, false, false));
        if (validation.length > 0) {
            lines.add(new Charts.Line("validation", rounds(validation.length), validation, false, false));
        }
        String svg = Charts.lines("boosting", metric + " by boosting round", "round", metric, lines, best,
                "best round " + (int) best, Double.NaN);
        double atBest = validation.length > best && best >= 0 ? validation[(int) best] : Double.NaN;
        page.openFigures().figure("fig-boosting", svg, "Rounds run: " + train.length + "; early stopping kept rounds 0.."
                        + (int) best + " (validation " + metric + " " + fixed3(atBest) + " there). The scorers stop there.",
                        data("best-iteration", (int) best, "rounds-run", train.length, "validation-at-best", atBest))
                .closeFigures();
    }

    private static double[] rounds(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    private static Map<String, Double> decileMap(double[] lift) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int d = 0; d < lift.length; d++) {
            m.put((d + 1) * 10 + "%", lift[d]);
        }
        return m;
    }

    /** {@code data-*} attributes from name, value pairs; numbers keep every digit bundle.json has. */
    private static Map<String, Object> data(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
