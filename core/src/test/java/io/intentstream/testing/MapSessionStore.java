package io.intentstream.testing;

import io.intentstream.features.SessionProcessor;
import io.intentstream.features.SessionState;
import io.intentstream.features.UserHistory;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** A {@link SessionProcessor.Store} of one user over a hash map, standing in for the job's state in plain tests. */
public final class MapSessionStore implements SessionProcessor.Store {
    private final Map<String, SessionState> sessions = new HashMap<>();
    private UserHistory history = new UserHistory();

    @Override
    public UserHistory history() {
        return history;
    }

    @Override
    public void forgetHistory() {
        history = new UserHistory();
    }

    @Override
    public SessionState get(String sessionId) {
        return sessions.get(sessionId);
    }

    @Override
    public void put(String sessionId, SessionState state) {
        sessions.put(sessionId, state);
    }

    @Override
    public void remove(String sessionId) {
        sessions.remove(sessionId);
    }

    /** The open sessions, read-only. */
    public Map<String, SessionState> sessions() {
        return Collections.unmodifiableMap(sessions);
    }
}
