package io.intentstream.job.state;

import io.intentstream.events.ClickEvent;
import io.intentstream.events.EventOrder;
import io.intentstream.events.EventType;
import io.intentstream.features.SessionFeatureEngine;
import io.intentstream.features.SessionProcessor;
import io.intentstream.features.SessionState;
import io.intentstream.features.UserHistory;
import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * One user's open sessions (usually one), the user's history and the time of the user's one timer: all the keyed
 * state of a user, in one value so that an event costs one RocksDB read and one write. The timer closes the
 * sessions after their timeout and, once none is open, forgets the history after its TTL; then the value is gone.
 */
public final class UserSessions implements SessionProcessor.Store {
    public static final long NO_TIMER = Long.MIN_VALUE;
    private static final SessionState[] NONE = new SessionState[0];

    public SessionState[] open = NONE;
    /** The user's history across sessions (docs/features.md); empty for a new user. */
    public UserHistory history = new UserHistory();
    /** The time the user's timer is set for: the earliest session close, or the history's expiry when none is open. */
    public long closeTimer = NO_TIMER;
    /** The latest applied event in {@link EventOrder}: time, type and id; no event yet when the id is null. */
    public long latestTime;
    public EventType latestType;
    public String latestEventId;

    /** The keyed state that holds each user's value. */
    public static ValueStateDescriptor<UserSessions> descriptor() {
        return new ValueStateDescriptor<>("user-sessions", UserSessionsSerializer.INSTANCE);
    }

    public boolean hasOpenSessions() {
        return open.length > 0;
    }

    @Override
    public UserHistory history() {
        return history;
    }

    @Override
    public void forgetHistory() {
        history = new UserHistory();
    }

    /**
     * Records an applied event and says whether it came behind one applied before (in {@link EventOrder}),
     * which the job's arrival mode applies anyway and counts.
     */
    public boolean applied(ClickEvent e) {
        if (latestEventId != null && EventOrder.isBefore(e, latestTime, latestType, latestEventId)) {
            return true;
        }
        latestTime = e.eventTime;
        latestType = e.eventType;
        latestEventId = e.eventId;
        return false;
    }

    @Override
    public SessionState get(String sessionId) {
        int i = indexOf(sessionId);
        return i < 0 ? null : open[i];
    }

    /** Replaces the open session with the same id, or adds it. */
    @Override
    public void put(String sessionId, SessionState state) {
        for (SessionState s : open) {
            if (s == state) {
                // The usual case: the event's session was found by get and updated in place; no id to compare.
                return;
            }
        }
        int i = indexOf(sessionId);
        if (i >= 0) {
            open[i] = state;
        } else {
            open = Arrays.copyOf(open, open.length + 1);
            open[open.length - 1] = state;
        }
    }

    @Override
    public void remove(String sessionId) {
        int i = indexOf(sessionId);
        if (i < 0) {
            return;
        }
        SessionState[] rest = new SessionState[open.length - 1];
        System.arraycopy(open, 0, rest, 0, i);
        System.arraycopy(open, i + 1, rest, i, open.length - i - 1);
        open = rest;
    }

    /**
     * Moves the close timer to {@code closeAt} when there is none or it is later; says whether it moved. In time
     * order the session just touched closes last, so an armed timer is early enough; an event out of order may open
     * a session that closes before it.
     */
    public boolean armCloseTimer(long closeAt) {
        if (closeTimer != NO_TIMER && closeAt >= closeTimer) {
            return false;
        }
        closeTimer = closeAt;
        return true;
    }

    /** The earliest close of the open sessions, or {@link #NO_TIMER} when none is open. */
    public long earliestClose(SessionFeatureEngine engine) {
        long earliest = Long.MAX_VALUE;
        for (SessionState s : open) {
            earliest = Math.min(earliest, engine.closeTime(s));
        }
        return earliest == Long.MAX_VALUE ? NO_TIMER : earliest;
    }

    /**
     * Closes the sessions whose inactivity timeout has passed at {@code timestamp}, in their order, and sets
     * {@link #closeTimer} to the earliest close of those left, or {@link #NO_TIMER}: the time to arm the timer for.
     */
    public long closeExpired(long timestamp, SessionFeatureEngine engine, Consumer<SessionState> closed) {
        long nextClose = Long.MAX_VALUE;
        int kept = 0;
        for (SessionState s : open) {
            long closeAt = engine.closeTime(s);
            if (closeAt <= timestamp) {
                closed.accept(s);
            } else {
                open[kept++] = s;
                nextClose = Math.min(nextClose, closeAt);
            }
        }
        open = kept == 0 ? NONE : Arrays.copyOf(open, kept);
        closeTimer = nextClose == Long.MAX_VALUE ? NO_TIMER : nextClose;
        return closeTimer;
    }

    private int indexOf(String sessionId) {
        for (int i = 0; i < open.length; i++) {
            if (open[i].sessionId.equals(sessionId)) {
                return i;
            }
        }
        return -1;
    }
}
