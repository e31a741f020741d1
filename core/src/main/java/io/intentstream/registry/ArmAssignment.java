package io.intentstream.registry;

import io.intentstream.events.Hashing;

/**
 * The arm of a user: a deterministic hash of (user id, experiment id) placed on [0, 1), the first
 * {@code holdoutShare} of it holdout, the next {@code challengerShare} challenger, the rest champion. The same user
 * stays in one arm across sessions, restarts and rescaling; a new experiment reshuffles users; raising a share
 * only moves champion users into that arm.
 */
public final class ArmAssignment {
    private static final double UNIT = 0x1.0p-53;

    private ArmAssignment() {}

    public static Arm armOf(String userId, String experiment, double challengerShare, double holdoutShare) {
        if (challengerShare == 0 && holdoutShare == 0) {
            // No experiment running: every user is the champion's, without hashing the user per event.
            return Arm.CHAMPION;
        }
        double u = position(userId, experiment);
        if (u < holdoutShare) {
            return Arm.HOLDOUT;
        }
        return u < holdoutShare + challengerShare ? Arm.CHALLENGER : Arm.CHAMPION;
    }

    /** The user's place on [0, 1) in this experiment: 53 bits of a 64-bit hash. */
    static double position(String userId, String experiment) {
        long h = Hashing.hash64(userId, experiment == null ? "" : experiment);
        return (h >>> 11) * UNIT;
    }
}
