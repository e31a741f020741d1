package io.intentstream.features;

import io.intentstream.events.ClickEvent;

/**
 * The per-user session rules, shared by the job and the trainer: which session an event belongs to,
 * when a session has timed out, and which events are duplicates.
 *
 * <p>Callers feed one user's events in event-time order. Where sessions live is the caller's business
 * ({@link Store}): Flink map state in the job, a hash map in the trainer.
 */
public final class SessionProcessor {
    /** Where open sessions and the history of one user are kept. */
    public interface Store {
        /** The user's history (an empty one for a user never seen), updated in place. */
        UserHistory history() throws Exception;

        /** Replaces the user's history with an empty one: it has expired. */
        void forgetHistory() throws Exception;

        /** The open session with this id, or {@code null}. */
        SessionState get(String sessionId) throws Exception;

        void put(String sessionId, SessionState state) throws Exception;

        void remove(String sessionId) throws Exception;
    }

    /** Told about sessions that end because a later event of the same session id came after the timeout. */
    @FunctionalInterface
    public interface ClosedSessionListener {
        void closed(SessionState session) throws Exception;
    }

    /** What happened to an event. */
    public enum Outcome {
        /** Applied to its session; the feature vector was written. */
        APPLIED,
        /** Its event id was already applied to the session; nothing changed. */
        DUPLICATE
    }

    private final SessionFeatureEngine engine;
    private SessionState lastSession;

    public SessionProcessor(SessionFeatureEngine engine) {
        this.engine = engine;
    }

    public SessionFeatureEngine engine() {
        return engine;
    }

    /**
     * Processes one event. On {@link Outcome#APPLIED}, {@code features} holds the vector as of this event.
     * Either way {@link #lastSession()} is the event's session; after APPLIED the caller must
     * {@link Store#put} it once done with it (the job records the propensity first), so that state is
     * written once per event.
     */
    public Outcome process(ClickEvent e, Store store, float[] features, ClosedSessionListener onTimeout) throws Exception {
        if (engine.isHistoryExpired(store.history(), e.eventTime)) {
            store.forgetHistory();
        }
        SessionState session = store.get(e.sessionId);
        if (session != null && engine.isExpired(session, e.eventTime)) {
            store.remove(e.sessionId);
            onTimeout.closed(session);
            session = null;
        }
        if (session == null) {
            session = engine.newSession(store.history(), e);
        } else if (engine.isDuplicate(session, e)) {
            lastSession = session;
            return Outcome.DUPLICATE;
        }
        engine.apply(store.history(), session, e, features);
        lastSession = session;
        return Outcome.APPLIED;
    }

    /** The session touched by the latest {@link #process} call. */
    public SessionState lastSession() {
        return lastSession;
    }
}
