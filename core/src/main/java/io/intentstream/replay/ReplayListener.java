package io.intentstream.replay;

import io.intentstream.events.ClickEvent;
import io.intentstream.features.SessionState;
import io.intentstream.features.UserHistory;

/** Receives what a history replay computes, in event-time order per user. */
public interface ReplayListener {
    /** An event was applied; {@code features} is the vector as of this event (reused: copy it to keep it). */
    void applied(ClickEvent event, SessionState session, float[] features) throws Exception;

    /** An event was a duplicate of one already applied to its session. */
    default void duplicate(ClickEvent event) throws Exception {}

    /** A session ended: a later event of the same id came after the timeout, or the history ended. */
    void sessionClosed(SessionState session) throws Exception;

    /**
     * A session ended because {@code by}, a later event of the same id, came after the timeout (before {@code by} is
     * applied). By default just {@link #sessionClosed}; the history's end closes sessions through that alone.
     */
    default void sessionTimedOut(SessionState session, ClickEvent by) throws Exception {
        sessionClosed(session);
    }

    /** The history ended: a user's history as it stands after the user's last event (for state-size measurements). */
    default void userHistory(String userId, UserHistory history) throws Exception {}
}
