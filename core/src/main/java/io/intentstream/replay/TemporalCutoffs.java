package io.intentstream.replay;

import java.util.Arrays;

/**
 * The two cutoffs of the strict temporal split, and the side of a session by its start and end: shared by the
 * trainer (which splits the examples it replayed) and the backfill job (which writes each example with its side).
 *
 * <p>The cutoff is a quantile of session start times. Test sessions start at or after it. Train sessions start
 * before it and have their label settled (first purchase or last event) by it; sessions running across it are
 * excluded, so every train example's time is at or before the cutoff, which is at or before every test example's
 * time, and no train label looks past the cutoff. The validation slice (early stopping) is the latest-starting part
 * of the train sessions: those starting at or after the validation cutoff.
 */
public final class TemporalCutoffs {
    /** Where a session's examples go. */
    public enum Side { TRAIN, VALIDATION, TEST, EXCLUDED }

    /** The validation cutoff when there is no validation slice. */
    public static final long NO_VALIDATION = Long.MAX_VALUE;

    private final long cutoff;
    private final long validationCutoff;

    public TemporalCutoffs(long cutoff, long validationCutoff) {
        this.cutoff = cutoff;
        this.validationCutoff = validationCutoff;
    }

    /**
     * The cutoffs of the sessions {@code 0 .. count-1} with these starts and ends (sessions with at least one example).
     *
     * @param cutoffQuantile share of sessions (by start time) before the cutoff, e.g. 0.8
     * @param validationFraction share of the train sessions, the latest-starting, used for validation
     */
    public static TemporalCutoffs of(long[] starts, long[] ends, int count, double cutoffQuantile, double validationFraction) {
        checkFractions(cutoffQuantile, validationFraction);
        if (count < 2) {
            throw new IllegalArgumentException("need at least two sessions with examples to split, found " + count);
        }
        long cutoff = quantile(Arrays.copyOf(starts, count), cutoffQuantile);
        long[] trainStarts = new long[count];
        int trainCount = 0;
        for (int s = 0; s < count; s++) {
            if (starts[s] < cutoff && ends[s] <= cutoff) {
                trainStarts[trainCount++] = starts[s];
            }
        }
        long validationCutoff = NO_VALIDATION;
        if (validationFraction > 0 && trainCount > 1) {
            validationCutoff = quantile(Arrays.copyOf(trainStarts, trainCount), 1 - validationFraction);
        }
        return new TemporalCutoffs(cutoff, validationCutoff);
    }

    /** Fails on a quantile outside (0, 1) or a validation fraction outside [0, 1), before any work is done. */
    public static void checkFractions(double cutoffQuantile, double validationFraction) {
        if (!(cutoffQuantile > 0 && cutoffQuantile < 1)) {
            throw new IllegalArgumentException("cutoff quantile must be in (0, 1), got " + cutoffQuantile);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
    }

    /** The value below which a share {@code q} of the values lie: nearest rank. Sorts {@code values} in place. */
    public static long quantile(long[] values, double q) {
        Arrays.sort(values);
        int rank = (int) Math.ceil(q * values.length);
        return values[Math.min(values.length - 1, Math.max(0, rank))];
    }

    public long cutoff() {
        return cutoff;
    }

    /** Start time from which train sessions are used for validation; {@link #NO_VALIDATION} when there is none. */
    public long validationCutoff() {
        return validationCutoff;
    }

    /** The side of a session that starts at {@code start} and has its label settled at {@code end}. */
    public Side side(long start, long end) {
        return side(start, end, cutoff, validationCutoff);
    }

    public static Side side(long start, long end, long cutoff, long validationCutoff) {
        if (start >= cutoff) {
            return Side.TEST;
        }
        if (end > cutoff) {
            return Side.EXCLUDED;
        }
        return start >= validationCutoff ? Side.VALIDATION : Side.TRAIN;
    }
}
