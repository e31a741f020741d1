package io.intentstream.abreport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intentstream.abreport.stats.Interval;
import io.intentstream.abreport.stats.ProportionComparison;
import io.intentstream.abreport.stats.SampleRatioCheck;
import io.intentstream.abreport.stats.ScoreQuality;
import io.intentstream.abreport.stats.WelchComparison;
import io.intentstream.registry.Arm;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The report as JSON for machines (docs/lifecycle-ab-report.md lists the fields). Rates and shares are fractions, not
 * percentages; a value the data cannot give (NaN: no trials, one class only) is {@code null}, as JSON has no NaN.
 */
final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {}

    static String render(AbReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("archive", r.archive());
        ObjectNode window = root.putObject("window");
        window.put("from", r.from() == null ? null : r.from().toString());
        window.put("to", r.to() == null ? null : r.to().toString());
        window.put("by", "first_event_time");
        window.put("interval", "half-open: from <= first_event_time < to");
        ObjectNode settings = root.putObject("settings");
        settings.put("confidence", r.settings().confidence());
        settings.put("srm_threshold", r.settings().srmThreshold());
        settings.put("calibration_bins", r.settings().calibrationBins());
        settings.put("include_bots", r.settings().includeBots());
        ExperimentTally.Exclusions ex = r.exclusions();
        ObjectNode sessions = root.putObject("sessions");
        sessions.put("read", ex.sessionsRead());
        sessions.put("duplicate_rows_dropped", ex.duplicateRows());
        sessions.put("bot_sessions_excluded", ex.botSessions());
        sessions.put("without_arm", ex.sessionsWithoutArm());
        sessions.put("users_in_several_arms", ex.usersInSeveralArms());
        sessions.put("sessions_of_users_in_several_arms", ex.sessionsOfUsersInSeveralArms());
        sessions.put("analysed", ex.sessionsAnalysed());
        split(root.putObject("split"), r.split());
        ObjectNode arms = root.putObject("arms");
        for (AbReport.ArmResult a : r.arms()) {
            arm(arms.putObject(a.arm().wireName()), a);
        }
        ArrayNode comparisons = root.putArray("comparisons");
        for (AbReport.Comparison c : r.comparisons()) {
            ObjectNode n = comparisons.addObject();
            n.put("id", c.plan().id());
            ArrayNode treatment = n.putArray("treatment");
            c.plan().treatment().forEach(a -> treatment.add(a.wireName()));
            ArrayNode control = n.putArray("control");
            c.plan().control().forEach(a -> control.add(a.wireName()));
            proportions(n.putObject("sessions"), c.sessions());
            proportions(n.putObject("users_converted"), c.users());
            welch(n.putObject("conversions_per_user"), c.conversionsPerUser());
        }
        if (r.sampleRatio() == null) {
            root.putNull("sample_ratio");
        } else {
            sampleRatio(root.putObject("sample_ratio"), r.sampleRatio());
        }
        ObjectNode scored = root.putObject("scored_events");
        for (Map.Entry<String, Map<String, Long>> arm : r.scoredEvents().entrySet()) {
            ObjectNode byVersion = scored.putObject(arm.getKey());
            arm.getValue().forEach(byVersion::put);
        }
        ArrayNode warnings = root.putArray("warnings");
        r.warnings().forEach(warnings::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void split(ObjectNode n, ConfiguredSplit s) {
        n.put("source", s.source());
        n.put("experiment", s.experiment());
        n.put("since", s.since());
        if (s.known()) {
            ObjectNode shares = n.putObject("shares");
            for (Arm a : ExperimentTally.ARMS) {
                number(shares, a.wireName(), s.share(a));
            }
        } else {
            n.putNull("shares");
        }
    }

    private static void arm(ObjectNode n, AbReport.ArmResult a) {
        n.put("users", a.users().trials());
        n.put("sessions", a.sessions().trials());
        n.put("conversions", a.sessions().successes());
        number(n, "conversion_rate", a.sessions().rate());
        interval(n, "conversion_rate_ci", a.sessionRateInterval());
        n.put("users_converted", a.users().successes());
        number(n, "user_conversion_rate", a.users().rate());
        interval(n, "user_conversion_rate_ci", a.userRateInterval());
        number(n, "conversions_per_user", a.conversionsPerUser());
        ObjectNode versions = n.putObject("sessions_by_model_version");
        a.sessionsByModelVersion().forEach(versions::put);
        ScoreQuality q = a.quality();
        ObjectNode m = n.putObject("model");
        m.put("scored_sessions", q.count());
        m.put("scored_sessions_converted", q.positives());
        number(m, "auc", q.auc());
        number(m, "mean_predicted", q.meanPredicted());
        number(m, "observed_rate", q.observedRate());
        number(m, "brier", q.brier());
        number(m, "ece", q.ece());
        ArrayNode bins = m.putArray("calibration_bins");
        for (ScoreQuality.Bin b : q.bins()) {
            ObjectNode bin = bins.addObject();
            bin.put("count", b.count());
            number(bin, "min_score", b.minScore());
            number(bin, "max_score", b.maxScore());
            number(bin, "mean_predicted", b.meanPredicted());
            number(bin, "observed_rate", b.observedRate());
        }
    }

    private static void proportions(ObjectNode n, ProportionComparison c) {
        n.put("treatment_successes", c.treatment().successes());
        n.put("treatment_trials", c.treatment().trials());
        n.put("control_successes", c.control().successes());
        n.put("control_trials", c.control().trials());
        number(n, "treatment_rate", c.treatment().rate());
        number(n, "control_rate", c.control().rate());
        number(n, "difference", c.difference());
        interval(n, "difference_ci", c.differenceInterval());
        number(n, "relative_uplift", c.relativeUplift());
        interval(n, "relative_uplift_ci", c.upliftInterval());
        number(n, "z", c.z());
        number(n, "p_value", c.pValue());
    }

    private static void welch(ObjectNode n, WelchComparison w) {
        number(n, "treatment_mean", w.treatment().mean());
        number(n, "control_mean", w.control().mean());
        number(n, "difference", w.difference());
        interval(n, "difference_ci", w.interval());
        number(n, "t", w.t());
        number(n, "df", w.df());
        number(n, "p_value", w.pValue());
    }

    private static void sampleRatio(ObjectNode n, SampleRatioCheck s) {
        List<Arm> arms = ExperimentTally.ARMS;
        ObjectNode observed = n.putObject("observed_users");
        ObjectNode expected = n.putObject("expected_users");
        for (int i = 0; i < arms.size(); i++) {
            observed.put(arms.get(i).wireName(), s.observed().get(i));
            number(expected, arms.get(i).wireName(), s.expected().get(i));
        }
        number(n, "chi_square", s.statistic());
        n.put("df", s.df());
        number(n, "p_value", s.pValue());
        n.put("threshold", s.threshold());
        n.put("mismatch", s.mismatch());
    }

    private static void number(ObjectNode n, String field, double value) {
        if (Double.isFinite(value)) {
            n.put(field, value);
        } else {
            n.putNull(field);
        }
    }

    private static void interval(ObjectNode n, String field, Interval i) {
        if (i.isDefined()) {
            n.putArray(field).add(i.lower()).add(i.upper());
        } else {
            n.putNull(field);
        }
    }
}
