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
 * A session closed by an {@link UserTimer.Kind#OUTCOME} timer stays in the value, closed, until the value is next
 * read ({@link #dropClosed}).
 */
public final class UserSessions implements SessionProcessor.Store {
    public static final long NO_TIMER = Long.MIN_VALUE;
    private static final SessionState[] NONE = new SessionState[0];

    public SessionState[] open = NONE;
    /** The user's history across sessions (docs/features.md); empty for a new user. */
    public UserHistory history = new UserHistory();
    /** The time of the user's registered timer ({@link #timerTime}), or {@link #NO_TIMER}. */
    public long closeTimer = NO_TIMER;
    /**
     * What the registered timer does ({@link #timerFor}), or null; not stored: the job sets it from the value when it
     * reads one, and when it moves the timer.
     */
    public transient UserTimer armed;
    /**
     * Read from a value in the fixed-width formats (before 2026-12-05): its timer was registered in the fixed-width
     * layout ({@link UserTimer#fixedWidth}). Not stored: a value is written in the compact format only after its timer
     * has moved to the compact layout.
     */
    public transient boolean timerInFixedWidthLayout;
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
     * The time of the timer this value needs ({@link #NO_TIMER} for none): the earliest close of its open sessions,
     * or the history's expiry when none is open. With {@link #timerFor} it is a function of the value, so the timer
     * registered when the value was written is known again whenever it is read.
     */
    public long timerTime(SessionFeatureEngine engine) {
        if (open.length == 0) {
            return history.isEmpty() ? NO_TIMER : engine.historyExpiry(history);
        }
        long earliest = Long.MAX_VALUE;
        for (SessionState s : open) {
            earliest = Math.min(earliest, engine.closeTime(s));
        }
        return earliest;
    }

    /** What the timer at {@link #timerTime} does: see {@link UserTimer}; null when the value needs no timer. */
    public UserTimer timerFor(SessionFeatureEngine engine) {
        if (open.length == 0) {
            return history.isEmpty() ? null : UserTimer.EXPIRY;
        }
        if (open.length > UserTimer.MAX_CARRIED) {
            return UserTimer.READ;
        }
        SessionState[] byClose = open.clone();
        // Insertion sort: stable, so sessions closing together keep the value's order, as closeExpired emits them.
        for (int i = 1; i < byClose.length; i++) {
            SessionState s = byClose[i];
            int j = i - 1;
            for (; j >= 0 && engine.closeTime(byClose[j]) > engine.closeTime(s); j--) {
                byClose[j + 1] = byClose[j];
            }
            byClose[j + 1] = s;
        }
        return UserTimer.outcomesOf(byClose, history.lastEventTime);
    }

    /**
     * Drops the sessions that closed at or before {@code watermark}: their timer has fired and emitted their outcome,
     * but an {@link UserTimer.Kind#OUTCOME} timer does so without rewriting the value.
     */
    public void dropClosed(long watermark, SessionFeatureEngine engine) {
        int kept = 0;
        for (SessionState s : open) {
            if (engine.closeTime(s) > watermark) {
                open[kept++] = s;
            }
        }
        if (kept < open.length) {
            open = kept == 0 ? NONE : Arrays.copyOf(open, kept);
        }
    }

    /** Every session in the value closed at or before {@code timestamp} (their outcomes are out). */
    public boolean allClosedBy(long timestamp, SessionFeatureEngine engine) {
        for (SessionState s : open) {
            if (engine.closeTime(s) > timestamp) {
                return false;
            }
        }
        return true;
    }

    /** Closes the sessions whose inactivity timeout has passed at {@code timestamp}, in their order. */
    public void closeExpired(long timestamp, SessionFeatureEngine engine, Consumer<SessionState> closed) {
        int kept = 0;
        for (SessionState s : open) {
            if (engine.closeTime(s) <= timestamp) {
                closed.accept(s);
            } else {
                open[kept++] = s;
            }
        }
        open = kept == 0 ? NONE : Arrays.copyOf(open, kept);
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
