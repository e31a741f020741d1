package io.intentstream.abreport;

import io.intentstream.abreport.stats.Moments;
import io.intentstream.abreport.stats.Proportion;
import io.intentstream.registry.Arm;
import java.util.Map;

/**
 * What one arm's sessions add up to: converted sessions among sessions, users who converted at least once among users,
 * conversions per user, and the scored sessions' (score, outcome) pairs for the model's quality.
 */
record ArmData(Arm arm, Proportion sessions, Proportion users, Moments conversionsPerUser, double[] scores,
        boolean[] outcomes, Map<String, Long> sessionsByModelVersion) {

    /** The counts of several arms taken as one group (e.g. champion and challenger: all treated users). */
    static Counts sum(Iterable<ArmData> arms) {
        Proportion sessions = new Proportion(0, 0);
        Proportion users = new Proportion(0, 0);
        Moments perUser = Moments.EMPTY;
        for (ArmData a : arms) {
            sessions = sessions.plus(a.sessions);
            users = users.plus(a.users);
            perUser = perUser.plus(a.conversionsPerUser);
        }
        return new Counts(sessions, users, perUser);
    }

    Counts counts() {
        return new Counts(sessions, users, conversionsPerUser);
    }

    /** The counts the comparisons need, for one arm or a group of arms. */
    record Counts(Proportion sessions, Proportion users, Moments conversionsPerUser) {}
}
