package io.intentstream.trainer;

import java.util.Arrays;

/**
 * A strict temporal split of sessions: no random split anywhere, and no session on two sides.
 *
 * <p>The cutoff is a quantile of session start times. Test sessions start at or after the cutoff.
 * Train sessions start before it and have their label settled (first purchase or last event) by it;
 * sessions running across the cutoff are excluded, so every train example's time is at or before the
 * cutoff, which is at or before every test example's time, and no train label looks past the cutoff.
 * The validation slice (early stopping) is the latest-starting part of the train sessions.
 */
public final class TemporalSplit {
    public enum Side { TRAIN, VALIDATION, TEST, EXCLUDED }

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
        if (!(cutoffQuantile > 0 && cutoffQuantile < 1)) {
            throw new IllegalArgumentException("cutoff quantile must be in (0, 1), got " + cutoffQuantile);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        int n = examples.sessions();
        if (n < 2) {
            throw new IllegalArgumentException("need at least two sessions with examples to split, found " + n);
        }
        long[] starts = new long[n];
        for (int s = 0; s < n; s++) {
            starts[s] = examples.sessionStart(s);
        }
        long cutoff = quantile(starts, cutoffQuantile);
        Side[] sides = new Side[n];
        int trainCount = 0;
        for (int s = 0; s < n; s++) {
            if (examples.sessionStart(s) >= cutoff) {
                sides[s] = Side.TEST;
            } else if (examples.sessionEnd(s) <= cutoff) {
                sides[s] = Side.TRAIN;
                trainCount++;
            } else {
                sides[s] = Side.EXCLUDED;
            }
        }
        long validationCutoff = Long.MAX_VALUE;
        if (validationFraction > 0 && trainCount > 1) {
            long[] trainStarts = new long[trainCount];
            int i = 0;
            for (int s = 0; s < n; s++) {
                if (sides[s] == Side.TRAIN) {
                    trainStarts[i++] = examples.sessionStart(s);
                }
            }
            validationCutoff = quantile(trainStarts, 1 - validationFraction);
            for (int s = 0; s < n; s++) {
                if (sides[s] == Side.TRAIN && examples.sessionStart(s) >= validationCutoff) {
                    sides[s] = Side.VALIDATION;
                }
            }
        }
        return new TemporalSplit(cutoff, validationCutoff, sides);
    }

    /** The value below which a share {@code q} of the (sorted) values lie: nearest rank. */
    static long quantile(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
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
