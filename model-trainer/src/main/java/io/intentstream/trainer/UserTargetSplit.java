package io.intentstream.trainer;

import io.intentstream.model.Target;
import java.util.Arrays;

/**
 * The strict temporal split and the labels of a user-level target, such that no label looks past its side's end.
 *
 * <p>The cutoff is a quantile of purchase times (for repeat-purchase, of those followed by a whole horizon of
 * history). Train examples are purchases before the cutoff, and their labels
 * are read from the history before the cutoff only; test examples are purchases at or after it, labelled from the
 * rest of the history (up to {@code end}, the latest event of the replay). The latest-purchasing share of the train
 * examples is the validation side (early stopping).
 *
 * <ul>
 *   <li>{@code repeat-purchase}: the label (a later-session purchase within the horizon) needs the whole horizon
 *       to be observed: a train purchase whose horizon runs past the cutoff, or a test purchase whose horizon runs
 *       past the end, cannot be labelled and is dropped.
 *   <li>{@code next-purchase-days}: an interval of days for XGBoost's {@code survival:aft}: {@code [t, t]} when the
 *       next purchase is seen before the side's end, else right-censored {@code [c, +inf)} with {@code c} the days
 *       from the purchase to the side's end. Censored examples are kept, none is dropped.
 * </ul>
 */
public final class UserTargetSplit {
    public static final double DAY_MS = 86_400_000.0;

    public enum Side { TRAIN, VALIDATION, TEST, DROPPED }

    private final long cutoff;
    private final long end;
    private final long validationCutoff;
    private final Side[] sides;
    /** Lower and upper bound of each example's label: a 0/1 label for repeat-purchase has both equal. */
    private final float[] lower;
    private final float[] upper;

    private UserTargetSplit(long cutoff, long end, long validationCutoff, Side[] sides, float[] lower, float[] upper) {
        this.cutoff = cutoff;
        this.end = end;
        this.validationCutoff = validationCutoff;
        this.sides = sides;
        this.lower = lower;
        this.upper = upper;
    }

    /**
     * @param end event time of the latest event of the history: nothing after it is observed
     * @param horizonMillis repeat-purchase only: the horizon of the label
     */
    public static UserTargetSplit of(PurchaseExamples examples, Target target, long end, long horizonMillis,
            double cutoffQuantile, double validationFraction) {
        if (!target.userLevel()) {
            throw new IllegalArgumentException(target + " is not a user-level target");
        }
        if (!(cutoffQuantile > 0 && cutoffQuantile < 1)) {
            throw new IllegalArgumentException("cutoff quantile must be in (0, 1), got " + cutoffQuantile);
        }
        int n = examples.size();
        if (n < 2) {
            throw new IllegalArgumentException("need at least two purchase events to split, found " + n);
        }
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = examples.time(i);
        }
        // repeat-purchase: the quantile of the purchases that can be labelled at all (horizon over by the end), else
        // with a horizon that is a large part of the history the test side would be empty.
        long[] labellable = target == Target.REPEAT_PURCHASE
                ? Arrays.stream(times).filter(t -> t <= end - horizonMillis).toArray() : times;
        if (labellable.length < 2) {
            throw new IllegalArgumentException("only " + labellable.length + " purchase events are followed by a whole "
                    + "horizon of history; the history is too short for the horizon");
        }
        long cutoff = TemporalSplit.quantile(labellable, cutoffQuantile);
        Side[] sides = new Side[n];
        float[] lower = new float[n];
        float[] upper = new float[n];
        for (int i = 0; i < n; i++) {
            long t = times[i];
            // Each side sees up to its own end: the cutoff for train, the history's end for test.
            long sideEnd = t < cutoff ? cutoff : end;
            long next = examples.nextPurchase(i);
            boolean seen = next != PurchaseExamples.NONE && next <= sideEnd;
            sides[i] = t < cutoff ? Side.TRAIN : Side.TEST;
            if (target == Target.REPEAT_PURCHASE) {
                if (t > sideEnd - horizonMillis) {
                    sides[i] = Side.DROPPED;
                    continue;
                }
                float label = seen && next - t <= horizonMillis ? 1f : 0f;
                lower[i] = label;
                upper[i] = label;
            } else if (seen) {
                lower[i] = (float) ((next - t) / DAY_MS);
                upper[i] = lower[i];
            } else {
                lower[i] = (float) ((sideEnd - t) / DAY_MS);
                upper[i] = Float.POSITIVE_INFINITY;
            }
        }
        long validationCutoff = Long.MAX_VALUE;
        long[] trainTimes = Arrays.stream(indices(sides, Side.TRAIN)).mapToLong(i -> times[i]).toArray();
        if (validationFraction > 0 && trainTimes.length > 1) {
            validationCutoff = TemporalSplit.quantile(trainTimes, 1 - validationFraction);
            for (int i = 0; i < n; i++) {
                if (sides[i] == Side.TRAIN && times[i] >= validationCutoff) {
                    sides[i] = Side.VALIDATION;
                }
            }
        }
        return new UserTargetSplit(cutoff, end, validationCutoff, sides, lower, upper);
    }

    static int[] indices(Side[] sides, Side side) {
        return java.util.stream.IntStream.range(0, sides.length).filter(i -> sides[i] == side).toArray();
    }

    public int[] indices(Side side) {
        return indices(sides, side);
    }

    public long cutoff() {
        return cutoff;
    }

    public long end() {
        return end;
    }

    public long validationCutoff() {
        return validationCutoff;
    }

    public Side side(int example) {
        return sides[example];
    }

    /** The 0/1 label (repeat-purchase) or the lower bound in days (next-purchase-days). */
    public float lower(int example) {
        return lower[example];
    }

    /** Equal to {@link #lower} but for censored next-purchase-days examples: {@code +inf}. */
    public float upper(int example) {
        return upper[example];
    }

    public boolean censored(int example) {
        return upper[example] == Float.POSITIVE_INFINITY;
    }

    public int count(Side side) {
        int c = 0;
        for (Side s : sides) {
            c += s == side ? 1 : 0;
        }
        return c;
    }
}
