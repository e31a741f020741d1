package io.intentstream.trainer;

import static io.intentstream.trainer.ReportStep.list;
import static io.intentstream.trainer.ReportStep.map;
import static io.intentstream.trainer.ReportStep.row;

import io.intentstream.model.BundleMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's tables, every cell taken from bundle.json. */
final class ReportTables {
    private ReportTables() {}

    static void identity(ReportPage page, BundleMetadata meta) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("model_version", meta.modelVersion));
        rows.add(row("created_at", meta.createdAt));
        rows.add(row("booster_sha256", meta.boosterSha256));
        rows.add(row("xgboost_version", meta.xgboostVersion));
        rows.add(row("feature_schema_version", meta.featureSchemaVersion));
        rows.add(row("objective", meta.objective));
        rows.add(row("num_boosted_rounds / best_iteration", meta.numBoostedRounds + " / " + meta.bestIteration));
        rows.add(row("calibration", meta.calibration == null ? "none: the propensity is the model's own sigmoid"
                : meta.calibration.method + " (format_version " + meta.formatVersion + ")"));
        page.table("identity-table", List.of("field", "value"), rows);
        List<List<Object>> params = new ArrayList<>();
        meta.params.forEach((k, v) -> params.add(row(k, String.valueOf(v))));
        page.table("params-table", List.of("parameter", "value"), params);
    }

    static void data(ReportPage page, BundleMetadata meta) {
        Map<String, Object> t = meta.training;
        List<List<Object>> rows = new ArrayList<>();
        for (String key : List.of("input", "format", "apply_order", "events_valid", "events_rejected", "events_duplicate",
                "window_start", "window_end", "validation_cutoff", "cutoff")) {
            rows.add(row(key, t.get(key)));
        }
        page.table("data-table", List.of("history", "value"), rows);
        List<List<Object>> sides = new ArrayList<>();
        sides.add(row("train", t.get("sessions_train"), t.get("examples_train"), t.get("positives_train"),
                rate(t.get("positives_train"), t.get("examples_train"))));
        sides.add(row("validation", t.get("sessions_validation"), t.get("examples_validation"),
                t.get("positives_validation"), rate(t.get("positives_validation"), t.get("examples_validation"))));
        Map<String, Double> test = meta.metrics.getOrDefault("test_events", Map.of());
        sides.add(row("test", t.get("sessions_test"), t.get("examples_test"), integer(test.get("positives")),
                test.get("base_rate")));
        sides.add(row("excluded (straddling the cutoff)", t.get("sessions_excluded_straddling_cutoff"), null, null, null));
        page.table("split-table", List.of("side", "sessions", "examples", "converting examples", "base rate"), sides);
        Map<String, Double> sessions = meta.metrics.getOrDefault("test_sessions", Map.of());
        page.note("Train examples: " + t.get("examples_train") + " of " + t.get("examples_train_sampled_from")
                + " (whole sessions are sampled when there are more than --max-train-examples). Test sessions: "
                + integer(sessions.get("examples")) + ", of which "
                + integer(sessions.get("positives")) + " purchase (base rate " + ReportPage.format(sessions.get("base_rate"))
                + ").");
    }

    static void calibration(ReportPage page, BundleMetadata meta) {
        Map<String, Object> fit = meta.evaluation == null ? Map.of() : map(meta.evaluation.get("calibration"));
        Map<String, Double> test = meta.metrics.get("calibration_test");
        String method = String.valueOf(fit.get("method"));
        boolean kept = Boolean.TRUE.equals(fit.get("kept"));
        page.note("The propensity is " + (kept ? "the model's margin mapped through the " + method + " calibration in "
                + "bundle.json, fitted on the validation sessions" : "the model's own sigmoid of its margin") + ". "
                + (fit.containsKey("reason") ? "Calibration: " + fit.get("reason") + "." : ""));
        if (test == null) {
            return;
        }
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("ECE, validation (cross-validated for the fit)", fit.get("validation_ece_uncalibrated"),
                "platt".equals(method) ? fit.get("validation_ece_platt_cross_validated")
                        : fit.get("validation_ece_isotonic_cross_validated")));
        rows.add(row("ECE, test events", test.get("ece_uncalibrated"), test.get("ece_calibrated")));
        rows.add(row("ECE, test sessions", test.get("session_ece_uncalibrated"), test.get("session_ece_calibrated")));
        rows.add(row("Brier, test events", test.get("brier_uncalibrated"), test.get("brier_calibrated")));
        rows.add(row("log loss, test events", test.get("log_loss_uncalibrated"), test.get("log_loss_calibrated")));
        page.table("calibration-table", List.of("", "model's sigmoid", method + (kept ? " (kept)" : " (not kept)")), rows);
    }

    static void early(ReportPage page, BundleMetadata meta) {
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> k : list(meta.evaluation == null ? null : meta.evaluation.get("auc_by_events_seen"))) {
            rows.add(row(k.get("events"), k.get("examples"), k.get("converted"), k.get("roc_auc"), k.get("baseline_roc_auc")));
        }
        page.table("early-table", List.of("events seen", "test events", "converting", "model ROC AUC", "has-cart ROC AUC"),
                rows);
    }

    static void slices(ReportPage page, BundleMetadata meta) {
        Map<String, List<List<Object>>> byDimension = new LinkedHashMap<>();
        for (Map<String, Object> s : list(meta.evaluation == null ? null : meta.evaluation.get("slices"))) {
            byDimension.computeIfAbsent((String) s.get("dimension"), d -> new ArrayList<>()).add(row(s.get("value"),
                    s.get("sessions"), s.get("converted"), s.get("base_rate"), s.get("mean_propensity"), s.get("roc_auc"),
                    s.get("pr_auc")));
        }
        page.note("Each test session once, scored at its last event before the first purchase. Device and channel "
                + "are those of the session's first event (\"unknown\" where the events carry none, as in REES46). "
                + "\"first seen\" sessions are a user's first session in this history, \"seen before\" ones have an "
                + "earlier session of the same user in it: users whose earlier visits predate the history count as first "
                + "seen, so this is new against returning only as far as the history reaches.");
        byDimension.forEach((dimension, rows) -> page.table("slice-" + dimension, List.of(dimension, "sessions",
                "purchasing", "base rate", "mean propensity", "ROC AUC", "PR AUC"), rows));
    }

    private static Object rate(Object positives, Object examples) {
        if (!(positives instanceof Number p) || !(examples instanceof Number e) || e.doubleValue() == 0) {
            return null;
        }
        return p.doubleValue() / e.doubleValue();
    }

    private static Object integer(Double value) {
        return value == null ? null : (Object) Math.round(value);
    }
}
