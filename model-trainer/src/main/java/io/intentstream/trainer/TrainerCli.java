package io.intentstream.trainer;

import io.intentstream.cli.Options;
import io.intentstream.model.BundleMetadata;
import io.intentstream.model.Target;
import java.util.Map;

/** Command-line entry of the trainer ({@code bin/intentstream train}). */
public final class TrainerCli {
    private TrainerCli() {}

    public static void main(String[] args) throws Exception {
        Options.Values values = Trainer.options().parseOrExit(args);
        if (values == null) {
            return;
        }
        if (Target.parse(values.get(Trainer.TARGET)).userLevel()) {
            UserTargetTrainer.Result r = UserTargetTrainer.run(values);
            System.out.print(report(r));
            System.out.println("model bundle written to " + values.get(Trainer.OUTPUT));
            return;
        }
        Trainer.Result r = Trainer.run(values);
        System.out.print(report(r));
        System.out.println("model bundle written to " + values.get(Trainer.OUTPUT));
        System.out.println("report: " + r.report);
    }

    @SuppressWarnings("unchecked")
    public static String report(Trainer.Result r) {
        StringBuilder sb = new StringBuilder();
        Map<String, Object> t = r.bundle.metadata().training;
        sb.append(String.format("events: %d valid, %d rejected %s, %s duplicates%n", r.validEvents, r.rejectedEvents,
                t.get("events_rejected_by_reason"), t.get("events_duplicate")));
        sb.append(String.format("window %s .. %s, cutoff %s (validation from %s)%n", t.get("window_start"), t.get("window_end"),
                t.get("cutoff"), t.get("validation_cutoff")));
        sb.append(String.format("sessions: train %s, validation %s, test %s, excluded (straddling the cutoff) %s%n",
                t.get("sessions_train"), t.get("sessions_validation"), t.get("sessions_test"),
                t.get("sessions_excluded_straddling_cutoff")));
        sb.append(String.format("examples: train %s, validation %s, test %s%n", t.get("examples_train"),
                t.get("examples_validation"), t.get("examples_test")));
        sb.append(String.format("boosted rounds %d, best iteration %d%n", r.bundle.metadata().numBoostedRounds,
                r.bundle.metadata().bestIteration));
        if (r.validEvents + r.rejectedEvents == 0) {
            // --examples: no history was read, the backfill counted it.
            sb.append(String.format("examples read in %.1f s, training %.1f s on %s examples%n", r.replaySeconds, r.trainSeconds,
                    t.get("examples_train")));
        } else {
            sb.append(String.format("replay %.1f s (%,.0f events/s), training %.1f s on %s examples%n", r.replaySeconds,
                    (r.validEvents + r.rejectedEvents) / Math.max(r.replaySeconds, 1e-9), r.trainSeconds, t.get("examples_train")));
        }
        sb.append(String.format("%-34s %8s %8s %9s %8s %8s %9s %9s%n", "metric group (test)", "roc_auc", "pr_auc", "log_loss",
                "brier", "ece", "base_rate", "examples"));
        for (Map.Entry<String, Map<String, Double>> g : r.bundle.metadata().metrics.entrySet()) {
            Map<String, Double> m = g.getValue();
            if (!m.containsKey("roc_auc")) {
                continue; // calibration_test: below
            }
            sb.append(String.format("%-34s %8.4f %8.4f %9s %8s %8s %9s %9.0f%n", g.getKey(), m.get("roc_auc"), m.get("pr_auc"),
                    fmt(m.get("log_loss")), fmt(m.get("brier")), fmt(m.get("ece")), fmt(m.get("base_rate")), m.get("examples")));
        }
        Map<String, Double> c = r.bundle.metadata().metrics.get("calibration_test");
        Map<String, Object> fit = r.bundle.metadata().evaluation == null ? null
                : (Map<String, Object>) r.bundle.metadata().evaluation.get("calibration");
        if (c != null && fit != null) {
            sb.append(String.format("calibration: %s %s; test ECE %.4f uncalibrated, %.4f calibrated (validation, cross-validated:"
                    + " %.4f, %.4f)%n", fit.get("method"), Boolean.TRUE.equals(fit.get("kept")) ? "kept" : "not kept",
                    c.get("ece_uncalibrated"), c.get("ece_calibrated"), fit.get("validation_ece_uncalibrated"),
                    "platt".equals(fit.get("method")) ? fit.get("validation_ece_platt_cross_validated")
                            : fit.get("validation_ece_isotonic_cross_validated")));
        } else if (fit != null) {
            sb.append("calibration: none fitted: ").append(fit.get("reason")).append('\n');
        }
        sb.append("model version ").append(r.bundle.metadata().modelVersion).append('\n');
        return sb.toString();
    }

    /** A user-level target's summary: the split and each metric group of the test side. */
    public static String report(UserTargetTrainer.Result r) {
        BundleMetadata meta = r.bundle().metadata();
        StringBuilder sb = new StringBuilder();
        sb.append("target ").append(meta.target).append(meta.horizonDays == null ? "" : ", horizon " + meta.horizonDays + " days")
                .append('\n');
        sb.append("training: ").append(meta.training).append('\n');
        for (Map.Entry<String, Map<String, Double>> g : meta.metrics.entrySet()) {
            sb.append(String.format("%-36s", g.getKey()));
            g.getValue().forEach((k, v) -> sb.append(String.format(" %s=%.4f", k, v)));
            sb.append('\n');
        }
        sb.append(String.format("boosted rounds %d, best iteration %d%n", meta.numBoostedRounds, meta.bestIteration));
        sb.append("model version ").append(meta.modelVersion).append('\n');
        return sb.toString();
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format("%.4f", v);
    }
}
