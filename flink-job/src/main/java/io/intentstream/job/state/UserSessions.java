package io.intentstream.job.state;

import io.intentstream.features.SessionProcessor;
import io.intentstream.features.SessionState;
import java.util.Arrays;

/**
 * One user's open sessions (usually one) and the time of the user's close timer: all the keyed state of
 * a user, in one value so that an event costs one RocksDB read and one write.
 */
public final class UserSessions implements SessionProcessor.Store {
    public static final long NO_TIMER = Long.MIN_VALUE;
    private static final SessionState[] NONE = new SessionState[0];

    public SessionState[] open = NONE;
    public long closeTimer = NO_TIMER;

    public boolean isEmpty() {
        return open.length == 0;
    }

    @Override
    public SessionState get(String sessionId) {
        int i = indexOf(sessionId);
        return i < 0 ? null : open[i];
    }

    /** Replaces the open session with the same id, or adds it. */
    @Override
    public void put(String sessionId, SessionState state) {
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

    private int indexOf(String sessionId) {
        for (int i = 0; i < open.length; i++) {
            if (open[i].sessionId.equals(sessionId)) {
                return i;
            }
        }
        return -1;
    }
}
