package io.intentstream.abreport;

import io.intentstream.abreport.stats.Interval;
import io.intentstream.abreport.stats.Proportion;
import io.intentstream.abreport.stats.ProportionComparison;
import io.intentstream.abreport.stats.SampleRatioCheck;
import io.intentstream.abreport.stats.ScoreQuality;
import io.intentstream.abreport.stats.WelchComparison;
import io.intentstream.registry.Arm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The A/B report: per arm its users, sessions, conversions and model quality; the comparisons between arms; the
 * sample-ratio check. {@link #analyse} computes it from the tallied archive; ReportText and ReportJson print it.
 *
 * @param from start of the window (inclusive, by session start), null when open; {@code to} its exclusive end
 * @param sampleRatio null when the configured shares are unknown
 * @param scoredEvents events in the scores table per arm and model version, in the same window by event time
 */
record AbReport(String archive, Instant from, Instant to, Settings settings, ExperimentTally.Exclusions exclusions,
        ConfiguredSplit split, List<ArmResult> arms, List<Comparison> comparisons, SampleRatioCheck sampleRatio,
        Map<String, Map<String, Long>> scoredEvents, List<String> warnings) {

    /** How the statistics were asked for. */
    record Settings(double confidence, double srmThreshold, int calibrationBins, boolean includeBots) {}

    /** One arm: its rates with intervals, conversions per user, and the model's ranking and calibration. */
    record ArmResult(Arm arm, Proportion sessions, Interval sessionRateInterval, Proportion users, Interval userRateInterval,
            double conversionsPerUser, ScoreQuality quality, Map<String, Long> sessionsByModelVersion) {}

    /**
     * A treatment group against a control group, three ways: converted sessions among sessions (sessions taken as
     * independent), users who converted at least once among users, and Welch's t-test of conversions per user.
     */
    record Comparison(Plan plan, ProportionComparison sessions, ProportionComparison users,
            WelchComparison conversionsPerUser) {}

    /** Which arms a comparison takes as treatment and which as control; {@code id} names it in JSON. */
    record Plan(String id, List<Arm> treatment, List<Arm> control) {
        String label() {
            return id.replace('_', ' ');
        }
    }

    /**
     * The comparisons the report makes, when both sides have users: the challenger model against the champion model
     * (both acted on), and everyone acted on against the holdout (the uplift of the whole system). Why these two and
     * not more: docs/lifecycle-ab-report.md.
     */
    static final List<Plan> COMPARISONS = List.of(
            new Plan("challenger_vs_champion", List.of(Arm.CHALLENGER), List.of(Arm.CHAMPION)),
            new Plan("treated_vs_holdout", List.of(Arm.CHAMPION, Arm.CHALLENGER), List.of(Arm.HOLDOUT)));

    static AbReport analyse(String archive, Instant from, Instant to, Settings settings, ExperimentTally tally,
            ConfiguredSplit split, Map<String, Map<String, Long>> scoredEvents) {
        List<ArmData> data = tally.arms();
        List<String> warnings = new ArrayList<>(split.warnings());
        List<ArmResult> arms = new ArrayList<>();
        for (ArmData d : data) {
            arms.add(new ArmResult(d.arm(), d.sessions(), d.sessions().wilson(settings.confidence()), d.users(),
                    d.users().wilson(settings.confidence()), d.conversionsPerUser().mean(),
                    ScoreQuality.of(d.scores(), d.outcomes(), settings.calibrationBins()), d.sessionsByModelVersion()));
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (Plan plan : COMPARISONS) {
            ArmData.Counts treatment = group(data, plan.treatment());
            ArmData.Counts control = group(data, plan.control());
            if (treatment.users().trials() == 0 || control.users().trials() == 0) {
                warnings.add(plan.label() + ": not compared, no users in "
                        + (treatment.users().trials() == 0 ? plan.treatment() : plan.control()).stream()
                                .map(Arm::wireName).collect(Collectors.joining(" or ")));
                continue;
            }
            comparisons.add(new Comparison(plan,
                    ProportionComparison.of(treatment.sessions(), control.sessions(), settings.confidence()),
                    ProportionComparison.of(treatment.users(), control.users(), settings.confidence()),
                    WelchComparison.of(treatment.conversionsPerUser(), control.conversionsPerUser(), settings.confidence())));
        }
        SampleRatioCheck srm = null;
        if (split.known()) {
            long[] observed = new long[data.size()];
            double[] shares = new double[data.size()];
            for (int i = 0; i < data.size(); i++) {
                observed[i] = data.get(i).users().trials();
                shares[i] = split.share(data.get(i).arm());
            }
            srm = SampleRatioCheck.of(observed, shares, settings.srmThreshold());
            if (srm.mismatch()) {
                warnings.add("sample ratio mismatch: the users per arm do not fit the configured shares (p < "
                        + settings.srmThreshold() + "); distrust the comparisons until the cause is found");
            }
        } else {
            warnings.add("no configured shares (--challenger-share/--holdout-share or --registry): no sample-ratio check");
        }
        ExperimentTally.Exclusions ex = tally.exclusions();
        if (ex.usersInSeveralArms() > 0) {
            warnings.add("users seen in more than one arm in the window: " + ex.usersInSeveralArms() + " (with "
                    + ex.sessionsOfUsersInSeveralArms() + " sessions), left out; the split changed during the window");
        }
        return new AbReport(archive, from, to, settings, ex, split, arms, comparisons, srm, inArmOrder(scoredEvents),
                List.copyOf(warnings));
    }

    /** Champion, challenger, holdout first, then any other arm name the archive holds. */
    private static Map<String, Map<String, Long>> inArmOrder(Map<String, Map<String, Long>> byArm) {
        Map<String, Map<String, Long>> ordered = new LinkedHashMap<>();
        for (Arm a : ExperimentTally.ARMS) {
            if (byArm.containsKey(a.wireName())) {
                ordered.put(a.wireName(), byArm.get(a.wireName()));
            }
        }
        byArm.forEach(ordered::putIfAbsent);
        return ordered;
    }

    private static ArmData.Counts group(List<ArmData> data, List<Arm> arms) {
        List<ArmData> members = new ArrayList<>();
        for (ArmData d : data) {
            if (arms.contains(d.arm())) {
                members.add(d);
            }
        }
        return ArmData.sum(members);
    }
}
