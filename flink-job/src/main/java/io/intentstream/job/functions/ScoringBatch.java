package io.intentstream.job.functions;

import io.intentstream.events.ClickEvent;
import io.intentstream.features.SessionState;
import io.intentstream.job.state.UserSessions;
import io.intentstream.model.PropensityScorer;
import io.intentstream.registry.Arm;
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
    /** The arm of the row's user and the slot of the scorer for it ({@link ScoringModels#slotOf}). */
    private final Arm[] arms;
    private final int[] slots;
    /** Why a row could not be scored, or null. */
    private final String[] errors;
    private final float[] row;
    /** Rows of one slot, gathered when a batch mixes arms, and their positions in the batch. */
    private final float[] gathered;
    private final int[] gatheredAt;
    private final float[] gatheredOut;
    /** Failures of a gathered block or a shadow model, which are not the rows' own. */
    private final String[] otherErrors;
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
        this.arms = new Arm[capacity];
        this.slots = new int[capacity];
        this.row = new float[width];
        this.gathered = new float[width * capacity];
        this.gatheredAt = new int[capacity];
        this.gatheredOut = new float[capacity];
        this.otherErrors = new String[capacity];
    }

    void add(ClickEvent event, SessionState session, float[] features, boolean behind, Arm arm) {
        System.arraycopy(features, 0, rows, size * width, width);
        events[size] = event;
        sessions[size] = session;
        beforePurchase[size] = session.purchaseCount == 0;
        outOfOrder[size] = behind;
        arms[size] = arm;
        slots[size] = ScoringModels.slotOf(arm);
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
     * Scores every held row with the scorer of its slot, in one call per slot when that succeeds, and records each
     * propensity in its session (the latest, and the latest before a purchase, for the session's outcome). A row
     * that fails alone gets its cause in {@link #error}.
     */
    void score(PropensityScorer[] scorers) {
        if (size == 0) {
            // Most watermarks make nothing due; a native call for no rows would still cost its setup.
            return;
        }
        int first = slots[0];
        boolean mixed = false;
        for (int i = 1; i < size && !mixed; i++) {
            mixed = slots[i] != first;
        }
        if (!mixed) {
            predict(scorers[first], rows, size, propensities, errors);
        } else {
            for (int slot = 0; slot < scorers.length; slot++) {
                scoreSlot(scorers[slot], slot);
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

    /** Scores the rows of one slot together: gathered into one block, scored, and the results put back. */
    private void scoreSlot(PropensityScorer scorer, int slot) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (slots[i] == slot) {
                System.arraycopy(rows, i * width, gathered, n * width, width);
                gatheredAt[n++] = i;
            }
        }
        if (n == 0) {
            return;
        }
        Arrays.fill(otherErrors, 0, n, null);
        predict(scorer, gathered, n, gatheredOut, otherErrors);
        for (int k = 0; k < n; k++) {
            propensities[gatheredAt[k]] = gatheredOut[k];
            errors[gatheredAt[k]] = otherErrors[k];
        }
    }

    /**
     * Every held row scored by a shadow model into {@code out} (NaN where it fails); the batch's own results and
     * sessions are not touched.
     */
    void scoreShadow(PropensityScorer shadow, float[] out) {
        predict(shadow, rows, size, out, otherErrors);
    }

    /**
     * {@code n} rows of {@code data} into {@code out}: one row alone, several in one batch call; if the batch call
     * fails, row by row, so only the rows that fail are lost (NaN, with their cause in {@code failures}).
     */
    private void predict(PropensityScorer scorer, float[] data, int n, float[] out, String[] failures) {
        try {
            if (n == 1) {
                // Arrival order with the Java evaluator scores each event alone: no batch call, no buffer.
                System.arraycopy(data, 0, row, 0, width);
                out[0] = scorer.predict(row);
            } else {
                scorer.predictBatch(data, n, width, out);
            }
        } catch (RuntimeException batchFailed) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(data, i * width, row, 0, width);
                try {
                    out[i] = scorer.predict(row);
                } catch (RuntimeException e) {
                    out[i] = Float.NaN;
                    failures[i] = String.valueOf(e.getMessage());
                }
            }
        }
    }

    Arm arm(int i) {
        return arms[i];
    }

    int slot(int i) {
        return slots[i];
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
        Arrays.fill(arms, 0, size, null);
        size = 0;
        closedSessions.clear();
    }
}
