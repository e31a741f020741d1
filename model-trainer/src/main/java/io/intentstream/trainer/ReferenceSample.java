package io.intentstream.trainer;

import io.intentstream.events.ClickEvent;
import io.intentstream.features.SessionState;
import io.intentstream.replay.ReplayListener;
import java.util.SplittableRandom;

/**
 * A uniform sample (reservoir) of every event the replay applies, with its features and time: the population the
 * job scores, post-purchase events included, which the training examples (events before a session's first purchase)
 * are not. The drift references are computed from it ({@link ReferenceStep}). Seeded, so a replay in the same order
 * samples the same rows.
 */
final class ReferenceSample implements ReplayListener {
    /** 100,000 rows put a decile's share within about 0.001 (one standard error) and take 10 MB. */
    static final int DEFAULT_ROWS = 100_000;

    private final int capacity;
    private final int width;
    private final float[] rows;
    private final long[] times;
    private final SplittableRandom random = new SplittableRandom(20_191_001L);
    private long seen;

    ReferenceSample(int capacity, int width) {
        this.capacity = capacity;
        this.width = width;
        this.rows = new float[capacity * width];
        this.times = new long[capacity];
    }

    @Override
    public void applied(ClickEvent event, SessionState session, float[] features) {
        long slot = seen < capacity ? seen : random.nextLong(seen + 1);
        seen++;
        if (slot < capacity) {
            System.arraycopy(features, 0, rows, (int) slot * width, width);
            times[(int) slot] = event.eventTime;
        }
    }

    @Override
    public void sessionClosed(SessionState session) {}

    int size() {
        return (int) Math.min(seen, capacity);
    }

    long time(int row) {
        return times[row];
    }

    float feature(int row, int column) {
        return rows[row * width + column];
    }

    /** The first {@code length} features of a row (a model of an older schema reads a prefix). */
    void copyRow(int row, float[] out, int offset, int length) {
        System.arraycopy(rows, row * width, out, offset, length);
    }
}
