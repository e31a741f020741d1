package io.intentstream.job.functions;

import io.intentstream.events.ClickEvent;
import io.intentstream.features.SessionState;
import io.intentstream.model.PropensityScorer;
import java.util.Arrays;

/**
 * The events of one watermark step whose features are computed and that wait to be scored together:
 * XGBoost4J pays its native setup once per call, so a batch of rows costs little more than one row. Buffers
 * are reused from batch to batch.
 */
final class PendingScores {
    private final int width;
    private final int capacity;
    private final float[] rows;
    private final float[] propensities;
    private final ClickEvent[] events;
    private final SessionState[] sessions;
    /** Whether the session had no purchase yet when the event was applied; the session may have one by scoring time. */
    private final boolean[] beforePurchase;
    /** Why a row could not be scored, or null. */
    private final String[] errors;
    private int size;

    PendingScores(int width, int capacity) {
        this.width = width;
        this.capacity = capacity;
        this.rows = new float[width * capacity];
        this.propensities = new float[capacity];
        this.events = new ClickEvent[capacity];
        this.sessions = new SessionState[capacity];
        this.beforePurchase = new boolean[capacity];
        this.errors = new String[capacity];
    }

    void add(ClickEvent event, SessionState session, float[] features) {
        System.arraycopy(features, 0, rows, size * width, width);
        events[size] = event;
        sessions[size] = session;
        beforePurchase[size] = session.purchaseCount == 0;
        size++;
    }

    boolean isFull() {
        return size == capacity;
    }

    int size() {
        return size;
    }

    /**
     * Scores every pending row, in one call when it succeeds. If the batch call fails, rows are scored one by
     * one so that only the rows that fail are lost: {@link #error} names their cause.
     */
    void score(PropensityScorer scorer) {
        if (size == 0) {
            // Most watermarks make nothing due; a native call for no rows would still cost its setup.
            return;
        }
        try {
            scorer.predictBatch(rows, size, width, propensities);
            return;
        } catch (RuntimeException batchFailed) {
            float[] row = new float[width];
            for (int i = 0; i < size; i++) {
                System.arraycopy(rows, i * width, row, 0, width);
                try {
                    propensities[i] = scorer.predict(row);
                } catch (RuntimeException e) {
                    propensities[i] = Float.NaN;
                    errors[i] = String.valueOf(e.getMessage());
                }
            }
        }
    }

    ClickEvent event(int i) {
        return events[i];
    }

    SessionState session(int i) {
        return sessions[i];
    }

    boolean beforePurchase(int i) {
        return beforePurchase[i];
    }

    String error(int i) {
        return errors[i];
    }

    float propensity(int i) {
        return propensities[i];
    }

    float[] features(int i) {
        return Arrays.copyOfRange(rows, i * width, (i + 1) * width);
    }

    void clear() {
        Arrays.fill(events, 0, size, null);
        Arrays.fill(sessions, 0, size, null);
        Arrays.fill(errors, 0, size, null);
        size = 0;
    }
}
