package io.intentstream.job.functions;

import io.intentstream.events.ClickEvent;
import io.intentstream.features.SessionState;
import io.intentstream.job.state.UserSessions;
import io.intentstream.model.PropensityScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scoring operator holds between state writes: the feature rows of applied events that wait for one
 * scorer call (XGBoost4J pays its native setup once per call, so a batch of rows costs little more than one
 * row), the sessions closed meanwhile (their outcomes carry those rows' propensities), and the users whose
 * state changed, written back together later. A user with several events before the write-back costs one
 * state read and one write. Buffers are reused.
 */
final class ScoringBatch {
    private final int width;
    private final int capacity;
    private final float[] rows;
    private final float[] propensities;
    private final ClickEvent[] events;
    private final SessionState[] sessions;
    /** Whether the session had no purchase yet when the event was applied; the session may have one by scoring time. */
    private final boolean[] beforePurchase;
    /** Whether the event came behind an event of its user applied before it (arrival order). */
    private final boolean[] outOfOrder;
    /** Why a row could not be scored, or null. */
    private final String[] errors;
    private final float[] row;
    private int size;
    /** Users changed since the last call, by id, in the order they were first changed. */
    private final LinkedHashMap<String, UserSessions> changedUsers = new LinkedHashMap<>();
    private final ArrayList<SessionState> closedSessions = new ArrayList<>();

    private final int maxUsers;

    ScoringBatch(int width, int capacity, int maxUsers) {
        this.width = width;
        this.capacity = capacity;
        this.maxUsers = maxUsers;
        this.rows = new float[width * capacity];
        this.propensities = new float[capacity];
        this.events = new ClickEvent[capacity];
        this.sessions = new SessionState[capacity];
        this.beforePurchase = new boolean[capacity];
        this.errors = new String[capacity];
        this.outOfOrder = new boolean[capacity];
        this.row = new float[width];
    }

    void add(ClickEvent event, SessionState session, float[] features, boolean behind) {
        System.arraycopy(features, 0, rows, size * width, width);
        events[size] = event;
        sessions[size] = session;
        beforePurchase[size] = session.purchaseCount == 0;
        outOfOrder[size] = behind;
        size++;
    }

    /** No row and no closed session waits for a scorer call. */
    boolean hasNoRows() {
        return size == 0 && closedSessions.isEmpty();
    }

    /** Enough users are held that they should be written back now. */
    boolean holdsMaxUsers() {
        return changedUsers.size() >= maxUsers;
    }

    /** The state of a user changed since the last write-back, or null. */
    UserSessions changedUser(String userId) {
        return changedUsers.get(userId);
    }

    void userChanged(String userId, UserSessions user) {
        changedUsers.put(userId, user);
    }

    Map<String, UserSessions> changedUsers() {
        return changedUsers;
    }

    void sessionClosed(SessionState session) {
        closedSessions.add(session);
    }

    List<SessionState> closedSessions() {
        return closedSessions;
    }

    boolean isFull() {
        return size == capacity;
    }

    int size() {
        return size;
    }

    /**
     * Scores every held row, in one call when it succeeds, and records each propensity in its session (the
     * latest, and the latest before a purchase, for the session's outcome). If the batch call fails, rows are
     * scored one by one so that only the rows that fail are lost: {@link #error} names their cause.
     */
    void score(PropensityScorer scorer) {
        if (size == 0) {
            // Most watermarks make nothing due; a native call for no rows would still cost its setup.
            return;
        }
        try {
            if (size == 1) {
                // Arrival order with the Java evaluator scores each event alone: no batch call, no buffer.
                System.arraycopy(rows, 0, row, 0, width);
                propensities[0] = scorer.predict(row);
            } else {
                scorer.predictBatch(rows, size, width, propensities);
            }
        } catch (RuntimeException batchFailed) {
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
        for (int i = 0; i < size; i++) {
            if (errors[i] == null) {
                sessions[i].lastPropensity = propensities[i];
                if (beforePurchase[i]) {
                    sessions[i].lastPropensityBeforePurchase = propensities[i];
                }
            }
        }
    }

    ClickEvent event(int i) {
        return events[i];
    }

    String error(int i) {
        return errors[i];
    }

    boolean outOfOrder(int i) {
        return outOfOrder[i];
    }

    float propensity(int i) {
        return propensities[i];
    }

    float[] features(int i) {
        return Arrays.copyOfRange(rows, i * width, (i + 1) * width);
    }

    /** Forgets the rows and closed sessions once they are scored and emitted. */
    void clearRows() {
        Arrays.fill(events, 0, size, null);
        Arrays.fill(sessions, 0, size, null);
        Arrays.fill(errors, 0, size, null);
        size = 0;
        closedSessions.clear();
    }
}
