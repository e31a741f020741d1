package io.intentstream.abreport;

import io.intentstream.registry.Arm;
import io.intentstream.registry.ModelRegistry;
import io.intentstream.registry.StageDocument;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shares users were assigned to arms with, which the sample-ratio check compares the observed users against:
 * given on the command line, read from the registry's current stage document, or unknown (no check).
 *
 * @param source {@code options}, {@code registry} or {@code none}
 * @param experiment the registry's experiment id; {@code since} when its first revision was written
 * @param warnings what makes the shares doubtful for this window
 */
record ConfiguredSplit(String source, String experiment, String since, double challengerShare, double holdoutShare,
        List<String> warnings) {

    static ConfiguredSplit none() {
        return new ConfiguredSplit("none", null, null, Double.NaN, Double.NaN, List.of());
    }

    static ConfiguredSplit of(double challengerShare, double holdoutShare) {
        if (!(challengerShare >= 0 && holdoutShare >= 0 && challengerShare + holdoutShare < 1)) {
            throw new IllegalArgumentException("shares must be >= 0 and leave some users to the champion, got challenger "
                    + challengerShare + " and holdout " + holdoutShare);
        }
        return new ConfiguredSplit("options", null, null, challengerShare, holdoutShare, List.of());
    }

    /**
     * The current revision's shares. The experiment started at the first revision carrying its id; sessions before it
     * were split by another hash, and a share changed during it moved users between arms, so both are warned about.
     */
    static ConfiguredSplit fromRegistry(ModelRegistry registry, String model, Instant from) throws IOException {
        StageDocument now = registry.current(model).orElseThrow(() -> new IllegalArgumentException(
                "the registry has no stages for model " + model + " (see --model-name)"));
        List<String> warnings = new ArrayList<>();
        String since = null;
        List<String> shareChanges = new ArrayList<>();
        StageDocument previous = null;
        for (StageDocument d : registry.history(model)) {
            if (now.experiment() == null || !now.experiment().equals(d.experiment())) {
                previous = d;
                continue;
            }
            if (since == null) {
                since = d.changedAt();
            } else if (previous != null && (previous.challengerShare() != d.challengerShare()
                    || previous.holdoutShare() != d.holdoutShare())) {
                shareChanges.add("revision " + d.revision() + " at " + d.changedAt());
            }
            previous = d;
        }
        if (!shareChanges.isEmpty()) {
            warnings.add(String.format(Locale.ROOT, "the shares changed during experiment %s (%s): users moved from the "
                    + "champion to another arm; compare from the last change on (--from)", now.experiment(),
                    String.join(", ", shareChanges)));
        }
        if (since != null && (from == null || from.isBefore(Instant.parse(since)))) {
            warnings.add("experiment " + now.experiment() + " started at " + since + "; sessions before it were assigned "
                    + "to arms by another experiment (--from " + since + " leaves them out)");
        }
        return new ConfiguredSplit("registry", now.experiment(), since, now.challengerShare(), now.holdoutShare(),
                List.copyOf(warnings));
    }

    boolean known() {
        return !"none".equals(source);
    }

    double share(Arm arm) {
        switch (arm) {
            case CHALLENGER:
                return challengerShare;
            case HOLDOUT:
                return holdoutShare;
            case CHAMPION:
                return 1 - challengerShare - holdoutShare;
            default:
                return 0;
        }
    }
}
