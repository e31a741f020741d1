package io.intentstream.abreport;

import io.intentstream.abreport.stats.Interval;
import io.intentstream.abreport.stats.ProportionComparison;
import io.intentstream.abreport.stats.SampleRatioCheck;
import io.intentstream.abreport.stats.ScoreQuality;
import io.intentstream.abreport.stats.WelchComparison;
import io.intentstream.registry.Arm;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The report as aligned text tables for a person; rates in percent, differences of rates in percentage points. */
final class ReportText {
    private ReportText() {}

    static String render(AbReport r) {
        StringBuilder sb = new StringBuilder("== IntentStream A/B report ==\n");
        String ci = confidence(r.settings().confidence()) + " CI";
        sb.append("archive   ").append(r.archive()).append('\n');
        sb.append("window    sessions starting in [").append(r.from() == null ? "-inf" : r.from()).append(", ")
                .append(r.to() == null ? "+inf" : r.to()).append(") (first_event_time)\n");
        sb.append("split     ").append(split(r.split())).append('\n');
        ExperimentTally.Exclusions ex = r.exclusions();
        sb.append(String.format(Locale.ROOT, "sessions  %,d read, %,d analysed; left out: %,d judged bot%s, %,d without arm, "
                        + "%,d of users seen in more than one arm; %,d duplicate rows dropped%n", ex.sessionsRead(),
                ex.sessionsAnalysed(), ex.botSessions(), r.settings().includeBots() ? " (bots included)" : "",
                ex.sessionsWithoutArm(), ex.sessionsOfUsersInSeveralArms(), ex.duplicateRows()));

        sb.append("\nArms\n");
        TextTable arms = new TextTable("l", "arm", "users", "sessions", "converted", "session conv. rate [" + ci + "]",
                "users converted", "user conv. rate [" + ci + "]", "conv./user");
        for (AbReport.ArmResult a : r.arms()) {
            arms.row(a.arm().wireName(), count(a.users().trials()), count(a.sessions().trials()),
                    count(a.sessions().successes()), rate(a.sessions().rate(), a.sessionRateInterval()),
                    count(a.users().successes()), rate(a.users().rate(), a.userRateInterval()),
                    fixed(a.conversionsPerUser(), 4));
        }
        sb.append(arms.render());

        sb.append("\nModel by arm (last score before the first purchase against conversion)\n");
        TextTable model = new TextTable("lrrrrrrrl", "arm", "scored sessions", "converted", "AUC", "mean score", "observed rate",
                "ECE (" + r.settings().calibrationBins() + " bins)", "Brier", "sessions by model version");
        for (AbReport.ArmResult a : r.arms()) {
            ScoreQuality q = a.quality();
            model.row(a.arm().wireName(), count(q.count()), count(q.positives()), fixed(q.auc(), 4),
                    percentOrDash(q.meanPredicted()), percentOrDash(q.observedRate()), fixed(q.ece(), 4),
                    fixed(q.brier(), 4), versions(a.sessionsByModelVersion()));
        }
        sb.append(model.render());

        sb.append("\nComparisons (treatment vs control)\n");
        TextTable cmp = new TextTable("ll", "comparison", "measure", "treatment", "control", "difference [" + ci + "]",
                "relative uplift [" + ci + "]", "statistic", "p-value");
        for (AbReport.Comparison c : r.comparisons()) {
            proportions(cmp, c.plan().label(), "session conv. rate (z-test)", c.sessions());
            proportions(cmp, "", "user conv. rate (z-test)", c.users());
            WelchComparison w = c.conversionsPerUser();
            cmp.row("", "conv. per user (Welch t)", fixed(w.treatment().mean(), 4), fixed(w.control().mean(), 4),
                    signed(w.difference(), 4, "") + " " + interval(w.interval(), 4, ""), "",
                    Double.isNaN(w.t()) ? "-" : String.format(Locale.ROOT, "t=%.2f df=%.0f", w.t(), w.df()), p(w.pValue()));
        }
        sb.append(r.comparisons().isEmpty() ? "(none)\n" : cmp.render());

        sb.append("\nSample ratio (users per arm against the configured shares)\n");
        sb.append(sampleRatio(r.sampleRatio()));

        if (!r.scoredEvents().isEmpty()) {
            sb.append("\nScored events (scores table, event_time in the window)\n");
            TextTable scored = new TextTable("lrl", "arm", "events", "by model version");
            r.scoredEvents().forEach((arm, byVersion) -> scored.row(arm.isEmpty() ? "(none)" : arm,
                    count(byVersion.values().stream().mapToLong(Long::longValue).sum()), versions(byVersion)));
            sb.append(scored.render());
        }
        if (!r.warnings().isEmpty()) {
            sb.append("\nWarnings\n");
            r.warnings().forEach(w -> sb.append("  - ").append(w).append('\n'));
        }
        return sb.toString();
    }

    private static String split(ConfiguredSplit s) {
        if (!s.known()) {
            return "shares not given";
        }
        String shares = ExperimentTally.ARMS.stream().map(a -> a.wireName() + " " + percent(s.share(a)))
                .collect(Collectors.joining(", "));
        return s.source().equals("registry")
                ? "registry, experiment " + s.experiment() + (s.since() == null ? "" : " since " + s.since()) + ": " + shares
                : "options: " + shares;
    }

    private static void proportions(TextTable t, String label, String measure, ProportionComparison c) {
        t.row(label, measure, percentOrDash(c.treatment().rate()), percentOrDash(c.control().rate()),
                signed(c.difference() * 100, 2, " pp") + " " + interval(scale(c.differenceInterval(), 100), 2, ""),
                signed(c.relativeUplift() * 100, 1, "%") + " " + interval(scale(c.upliftInterval(), 100), 1, ""),
                Double.isNaN(c.z()) ? "-" : String.format(Locale.ROOT, "z=%.2f", c.z()), p(c.pValue()));
    }

    private static String sampleRatio(SampleRatioCheck s) {
        if (s == null) {
            return "not checked: no configured shares\n";
        }
        TextTable t = new TextTable("l", "arm", "users", "expected", "share");
        for (int i = 0; i < ExperimentTally.ARMS.size(); i++) {
            Arm arm = ExperimentTally.ARMS.get(i);
            t.row(arm.wireName(), count(s.observed().get(i)), String.format(Locale.ROOT, "%,.1f", s.expected().get(i)),
                    percent(s.shares().get(i)));
        }
        String verdict;
        if (!s.applicable()) {
            verdict = "not applicable (fewer than two arms with a share, or no users)";
        } else {
            verdict = String.format(Locale.ROOT, "chi-square %.2f, df %d, p-value %s: %s", s.statistic(), s.df(), p(s.pValue()),
                    s.mismatch() ? "MISMATCH (p < " + s.threshold() + ")" : "no mismatch (threshold " + s.threshold() + ")");
        }
        return t.render() + verdict + "\n";
    }

    private static String versions(Map<String, Long> byVersion) {
        return byVersion.entrySet().stream().map(e -> e.getKey() + " " + count(e.getValue())).collect(Collectors.joining(", "));
    }

    private static Interval scale(Interval i, double factor) {
        return new Interval(i.lower() * factor, i.upper() * factor);
    }

    private static String rate(double rate, Interval i) {
        return percentOrDash(rate) + (i.isDefined()
                ? String.format(Locale.ROOT, " [%.2f, %.2f]", i.lower() * 100, i.upper() * 100) : " [-]");
    }

    private static String interval(Interval i, int decimals, String unit) {
        if (!i.isDefined()) {
            return "[-]";
        }
        return "[" + signed(i.lower(), decimals, unit) + ", " + signed(i.upper(), decimals, unit) + "]";
    }

    private static String signed(double v, int decimals, String unit) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+." + decimals + "f", v) + unit;
    }

    private static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** 0.95 as {@code 95%}, 0.995 as {@code 99.5%}. */
    private static String confidence(double c) {
        return BigDecimal.valueOf(c).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String percentOrDash(double rate) {
        return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.2f%%", rate * 100);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String p(double p) {
        if (Double.isNaN(p)) {
            return "-";
        }
        return p >= 0.001 ? String.format(Locale.ROOT, "%.4f", p) : String.format(Locale.ROOT, "%.1e", p);
    }
}
