package io.intentstream.trainer;

import io.intentstream.replay.TemporalCutoffs;

/**
 * A strict temporal split of sessions: no random split anywhere, and no session on two sides.
 *
 * <p>The rules are {@link TemporalCutoffs}' (shared with the backfill job): the cutoff is a quantile of session start
 * times, test sessions start at or after it, train sessions end by it, sessions across it are excluded, and the
 * validation slice is the latest-starting part of the train sessions.
 */
public final class TemporalSplit {
    /** The sides of {@link TemporalCutoffs.Side}, in the same order. */
    public enum Side { TRAIN, VALIDATION, TEST, EXCLUDED }

    private static final Side[] SIDES = Side.values();

    private final long cutoff;
    private final long validationCutoff;
    private final Side[] sides;

    private TemporalSplit(long cutoff, long validationCutoff, Side[] sides) {
        this.cutoff = cutoff;
        this.validationCutoff = validationCutoff;
        this.sides = sides;
    }

    /**
     * @param cutoffQuantile share of sessions (by start time) before the cutoff, e.g. 0.8
     * @param validationFraction share of the train sessions, the latest-starting, used for validation
     */
    public static TemporalSplit of(ExampleSet examples, double cutoffQuantile, double validationFraction) {
        TemporalCutoffs.checkFractions(cutoffQuantile, validationFraction);
        int n = examples.sessions();
        long[] starts = new long[n];
        long[] ends = new long[n];
        for (int s = 0; s < n; s++) {
            starts[s] = examples.sessionStart(s);
            ends[s] = examples.sessionEnd(s);
        }
        TemporalCutoffs cutoffs = TemporalCutoffs.of(starts, ends, n, cutoffQuantile, validationFraction);
        Side[] sides = new Side[n];
        for (int s = 0; s < n; s++) {
            sides[s] = SIDES[cutoffs.side(examples.sessionStart(s), examples.sessionEnd(s)).ordinal()];
        }
        return new TemporalSplit(cutoffs.cutoff(), cutoffs.validationCutoff(), sides);
    }

    /** The value below which a share {@code q} of the (sorted) values lie: nearest rank. */
    static long quantile(long[] values, double q) {
        return TemporalCutoffs.quantile(values.clone(), q);
    }

    public long cutoff() {
        return cutoff;
    }

    /** Start time from which train sessions are used for validation; {@code Long.MAX_VALUE} when there is none. */
    public long validationCutoff() {
        return validationCutoff;
    }

    public Side sideOfSession(int session) {
        return sides[session];
    }

    public Side sideOfRow(ExampleSet examples, int row) {
        return sides[examples.sessionOf(row)];
    }

    public int countSessions(Side side) {
        int c = 0;
        for (Side s : sides) {
            if (s == side) {
                c++;
            }
        }
        return c;
    }
}
