package io.intentstream.replay;

import io.intentstream.events.ClickEvent;
import io.intentstream.features.SessionProcessor;
import io.intentstream.features.SessionState;
import io.intentstream.features.UserHistory;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * One user's replay, event by event: the user's open sessions and history, to which the caller applies the user's
 * events in the order it has chosen ({@link io.intentstream.events.ApplyOrder}), then {@link #finish}es the user.
 * {@link HistoryReplay} keeps one per user of a partition; the backfill job one per key, so both apply the same rules
 * in the same order and their examples agree by construction.
 */
public final class UserReplay implements SessionProcessor.Store {
    /** The order in which a user's sessions still open at the end are closed: by start, then id. */
    static final Comparator<SessionState> CLOSE_ORDER =
            Comparator.<SessionState>comparingLong(s -> s.firstEventTime).thenComparing(s -> s.sessionId, Comparator.nullsFirst(Comparator.naturalOrder()));

    private static final SessionState[] NONE = new SessionState[0];

    private final String userId;
    /** Usually one session; a handful at most (ids that overlap in time), so a linear search beats a map. */
    private SessionState[] open = NONE;
    private int openCount;
    private UserHistory history;

    public UserReplay(String userId) {
        this.userId = userId;
    }

    public String userId() {
        return userId;
    }

    /**
     * Applies one event of this user and tells {@code listener} what it did (sessions it timed out, the event applied
     * or a duplicate).
     *
     * @param features written with the vector as of the event; the listener sees it before the next event overwrites it
     */
    public void apply(ClickEvent e, SessionProcessor processor, float[] features, ReplayListener listener) throws Exception {
        SessionProcessor.Outcome outcome = processor.process(e, this, features, s -> listener.sessionTimedOut(s, e));
        if (outcome == SessionProcessor.Outcome.DUPLICATE) {
            listener.duplicate(e);
            return;
        }
        SessionState session = processor.lastSession();
        listener.applied(e, session, features);
        put(e.sessionId, session);
    }

    /** The sessions still open, in {@link #CLOSE_ORDER}. */
    public SessionState[] openSessions() {
        SessionState[] sessions = Arrays.copyOf(open, openCount);
        Arrays.sort(sessions, CLOSE_ORDER);
        return sessions;
    }

    /** The user's history ends here: closes the open sessions in {@link #CLOSE_ORDER} and reports the history. */
    public void finish(ReplayListener listener) throws Exception {
        for (SessionState s : openSessions()) {
            listener.sessionClosed(s);
        }
        open = NONE;
        openCount = 0;
        listener.userHistory(userId, history());
    }

    @Override
    public UserHistory history() {
        if (history == null) {
            history = new UserHistory();
        }
        return history;
    }

    @Override
    public void forgetHistory() {
        history = new UserHistory();
    }

    @Override
    public SessionState get(String sessionId) {
        int i = indexOf(sessionId);
        return i < 0 ? null : open[i];
    }

    @Override
    public void put(String sessionId, SessionState state) {
        int i = indexOf(sessionId);
        if (i >= 0) {
            open[i] = state;
            return;
        }
        if (openCount == open.length) {
            open = Arrays.copyOf(open, Math.max(2, openCount * 2));
        }
        open[openCount++] = state;
    }

    @Override
    public void remove(String sessionId) {
        int i = indexOf(sessionId);
        if (i >= 0) {
            open[i] = open[--openCount];
            open[openCount] = null;
        }
    }

    private int indexOf(String sessionId) {
        for (int i = 0; i < openCount; i++) {
            if (Objects.equals(open[i].sessionId, sessionId)) {
                return i;
            }
        }
        return -1;
    }
}
