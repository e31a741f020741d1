package io.intentstream.job.state;

import io.intentstream.features.SessionState;
import io.intentstream.job.records.SessionOutcome;
import java.util.Arrays;
import java.util.Objects;

/**
 * The namespace of a user's one event-time timer: what the timer does when it fires. A user with up to
 * {@link #MAX_CARRIED} open sessions (nearly every user) has an {@link Kind#OUTCOME} timer that carries their
 * outcomes, so a close emits its outcome without reading the user's value back from RocksDB: that cold read, a day
 * after the session's last event, was the largest cost of the scoring thread (docs/BENCHMARKS.md). The closed
 * session stays in the value until the value is next read, which drops it ({@link UserSessions#dropClosed}). More
 * open sessions get a {@link Kind#READ} timer (read the value, close what has timed out), and a user with none left
 * an {@link Kind#EXPIRY} timer for the history's TTL. Which timer a value needs is a function of the value
 * ({@link UserSessions#timerFor}), so the registered one is known again whenever the value is read, and can be moved.
 */
public final class UserTimer {
    /** Open sessions whose outcomes a timer carries at most; a user with more gets a {@link Kind#READ} timer. */
    public static final int MAX_CARRIED = 3;

    /** What a timer does when it fires. */
    public enum Kind {
        /** Read the user's value and close the sessions that have timed out. */
        READ,
        /** Emit the outcomes of the sessions that close now; the rest, or the history's expiry, make the next timer. */
        OUTCOME,
        /** Forget the user once the history's TTL has passed without an event. */
        EXPIRY
    }

    private static final Closing[] NONE = new Closing[0];
    public static final UserTimer READ = new UserTimer(Kind.READ, NONE, 0, false);
    public static final UserTimer EXPIRY = new UserTimer(Kind.EXPIRY, NONE, 0, false);

    public final Kind kind;
    /** OUTCOME: the open sessions, by close time (ties in the value's order). */
    public final Closing[] sessions;
    /** OUTCOME: the user's latest event, from which the history's expiry follows once all have closed. */
    public final long historyLastEventTime;
    /**
     * OUTCOME: written in the fixed-width layout of before the compact one ({@link UserTimerSerializer}). A timer's
     * bytes are its key in RocksDB, so a timer registered before an upgrade is deleted only in its own layout: the
     * one a value of the fixed-width formats was registered with, and the ones its firing sets next.
     */
    public final boolean fixedWidth;

    UserTimer(Kind kind, Closing[] sessions, long historyLastEventTime, boolean fixedWidth) {
        this.kind = kind;
        this.sessions = sessions;
        this.historyLastEventTime = historyLastEventTime;
        this.fixedWidth = fixedWidth && kind == Kind.OUTCOME;
    }

    /** The timer of a user whose open sessions are {@code byCloseTime}, no more than {@link #MAX_CARRIED}. */
    static UserTimer outcomesOf(SessionState[] byCloseTime, long historyLastEventTime) {
        Closing[] carried = new Closing[byCloseTime.length];
        for (int i = 0; i < carried.length; i++) {
            carried[i] = new Closing(byCloseTime[i]);
        }
        return new UserTimer(Kind.OUTCOME, carried, historyLastEventTime, false);
    }

    /** This timer as a value written in the fixed-width formats registered it (READ and EXPIRY look the same in both). */
    public UserTimer inFixedWidthLayout() {
        return kind != Kind.OUTCOME || fixedWidth ? this : new UserTimer(kind, sessions, historyLastEventTime, true);
    }

    /** The outcome timer of the sessions from {@code from} on, once those before it have closed. */
    public UserTimer rest(int from) {
        return new UserTimer(Kind.OUTCOME, Arrays.copyOfRange(sessions, from, sessions.length), historyLastEventTime,
                fixedWidth);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UserTimer)) {
            return false;
        }
        UserTimer t = (UserTimer) o;
        return kind == t.kind && historyLastEventTime == t.historyLastEventTime && fixedWidth == t.fixedWidth
                && Arrays.equals(sessions, t.sessions);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * kind.hashCode() + Long.hashCode(historyLastEventTime)) + Arrays.hashCode(sessions))
                + Boolean.hashCode(fixedWidth);
    }

    @Override
    public String toString() {
        return kind == Kind.OUTCOME ? "OUTCOME" + Arrays.toString(sessions) : kind.name();
    }

    /** What a session's outcome needs, as of the value the timer was registered for. */
    public static final class Closing {
        public final String sessionId;
        public final long firstEventTime;
        public final long lastEventTime;
        public final int eventCount;
        public final long firstPurchaseTime;
        public final float lastPropensityBeforePurchase;
        public final boolean judgedBot;

        Closing(String sessionId, long firstEventTime, long lastEventTime, int eventCount, long firstPurchaseTime,
                float lastPropensityBeforePurchase, boolean judgedBot) {
            this.sessionId = sessionId;
            this.firstEventTime = firstEventTime;
            this.lastEventTime = lastEventTime;
            this.eventCount = eventCount;
            this.firstPurchaseTime = firstPurchaseTime;
            this.lastPropensityBeforePurchase = lastPropensityBeforePurchase;
            this.judgedBot = judgedBot;
        }

        Closing(SessionState s) {
            this(s.sessionId, s.firstEventTime, s.lastEventTime, s.eventCount, s.firstPurchaseTime,
                    s.lastPropensityBeforePurchase, s.judgedBot);
        }

        /** The session's outcome, for the user it belongs to; model version and arm are the emitter's. */
        public SessionOutcome outcome(String userId) {
            return SessionOutcome.of(sessionId, userId, firstEventTime, lastEventTime, eventCount, firstPurchaseTime,
                    lastPropensityBeforePurchase, judgedBot);
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Closing)) {
                return false;
            }
            Closing c = (Closing) o;
            return firstEventTime == c.firstEventTime && lastEventTime == c.lastEventTime && eventCount == c.eventCount
                    && firstPurchaseTime == c.firstPurchaseTime
                    && Float.floatToIntBits(lastPropensityBeforePurchase) == Float.floatToIntBits(c.lastPropensityBeforePurchase)
                    && judgedBot == c.judgedBot && Objects.equals(sessionId, c.sessionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionId, firstEventTime, lastEventTime, eventCount, firstPurchaseTime,
                    Float.floatToIntBits(lastPropensityBeforePurchase), judgedBot);
        }

        @Override
        public String toString() {
            return sessionId + " (last event " + lastEventTime + ")";
        }
    }
}
